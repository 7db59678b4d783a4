; Station desk (基层市场监管所工作台): the Windows installer. Built by installers/build.py,
; which passes VERSION, VERSION4, PAYLOAD (the installation folder's files), PRECHECK (the
; installer's own small Python and its database check), OUTFILE, COMPRESSOR, ICON and, when a
; certificate is given, SIGN_CMD.
;
; Per machine (Program Files\StationDesk, needs administrator rights) or per user (the user's
; Programs folder): the page asks; silent installs take /AllUsers or /CurrentUser.
; The user's data (%LOCALAPPDATA%\StationDesk) is never written by the installer nor removed
; by the uninstaller. After an upgrade, the application migrates each user's database at its
; first start, after a backup (a per-machine install serves several Windows accounts; the
; installer could only reach its own user's). Before changing anything, the installer refuses
; to put an older version over a database that a newer one has upgraded.
;
; Exit codes (silent installs): 0 done, 1 cancelled, 2 aborted by an error,
; 4 the database on this PC is newer than this version, 5 the program is running,
; 6 a newer version is installed.

Unicode true
Target amd64-unicode
SetCompressor /SOLID ${COMPRESSOR}
ManifestDPIAware true

!define PRODUCT "StationDesk"
!define TITLE "基层市场监管所工作台"
!define PUBLISHER "Station desk 工作台项目组"
!define UNINST_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${PRODUCT}"
!define APP_KEY "Software\${PRODUCT}"
!define MUTEX "StationDesk.Running"

!define MULTIUSER_EXECUTIONLEVEL Highest
!define MULTIUSER_MUI
!define MULTIUSER_INSTALLMODE_COMMANDLINE
!define MULTIUSER_USE_PROGRAMFILES64
!define MULTIUSER_INSTALLMODE_INSTDIR "${PRODUCT}"
!define MULTIUSER_INSTALLMODE_INSTDIR_REGISTRY_KEY "${APP_KEY}"
!define MULTIUSER_INSTALLMODE_INSTDIR_REGISTRY_VALUENAME "InstallLocation"
!define MULTIUSER_INSTALLMODE_DEFAULT_REGISTRY_KEY "${APP_KEY}"
!define MULTIUSER_INSTALLMODE_DEFAULT_REGISTRY_VALUENAME "InstallMode"

!include MultiUser.nsh
!include MUI2.nsh
!include LogicLib.nsh
!include FileFunc.nsh
!include WordFunc.nsh
!include x64.nsh

Name "${TITLE}"
Caption "${TITLE} ${VERSION} 安装"
OutFile "${OUTFILE}"
BrandingText "${TITLE} ${VERSION}"
ShowInstDetails show
ShowUninstDetails show

VIProductVersion "${VERSION4}"
VIFileVersion "${VERSION4}"
VIAddVersionKey /LANG=2052 "ProductName" "${TITLE}"
VIAddVersionKey /LANG=2052 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "FileVersion" "${VERSION4}"
VIAddVersionKey /LANG=2052 "FileDescription" "${TITLE} 安装程序"
VIAddVersionKey /LANG=2052 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=2052 "LegalCopyright" "${PUBLISHER}"

!ifdef SIGN_CMD
  !uninstfinalize '${SIGN_CMD} "%1"'
!endif

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\station-desk.exe"
!define MUI_FINISHPAGE_RUN_TEXT "启动 ${TITLE}"
!define MUI_UNFINISHPAGE_NOAUTOCLOSE
!define MUI_WELCOMEPAGE_TEXT "将在本电脑上安装 ${TITLE} ${VERSION}。$\r$\n$\r$\n已有的数据库和备份会保留；从旧版本升级后，首次启动时程序会先备份数据库再升级其结构。$\r$\n$\r$\n安装前请关闭正在运行的工作台。"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MULTIUSER_PAGE_INSTALLMODE
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_UNPAGE_FINISH
!insertmacro MUI_LANGUAGE "SimpChinese"

Var DataDir

; --- checks that run before anything changes ---------------------------------------------

!macro CHECK_NOT_RUNNING PREFIX
  ${Do}
    System::Call 'kernel32::OpenMutexW(i 0x00100000, i 0, w "${MUTEX}") p .r0'
    ${If} $0 == 0
      ${Break}
    ${EndIf}
    System::Call 'kernel32::CloseHandle(p r0)'
    MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "${TITLE} 正在运行。$\r$\n$\r$\n请先关闭所有工作台窗口，并等正在运行的命令（例如计划任务中的自动备份）结束，然后点“重试”。" /SD IDCANCEL IDRETRY retry_running
    SetErrorLevel 5
    Quit
    retry_running:
  ${Loop}
!macroend

Function DataFolder
  ; the application's data folder for the user running this installer (platformdirs)
  ReadEnvStr $0 STATION_HOME
  ${If} $0 != ""
    StrCpy $DataDir "$0\data"
  ${Else}
    ReadEnvStr $0 LOCALAPPDATA
    StrCpy $DataDir "$0\${PRODUCT}\${PRODUCT}"
  ${EndIf}
FunctionEnd

Function CheckInstalledVersion
  ReadRegStr $0 SHCTX "${UNINST_KEY}" "DisplayVersion"
  ${If} $0 != ""
    ${VersionCompare} "$0" "${VERSION}" $1
    ${If} $1 == 1
      MessageBox MB_OK|MB_ICONSTOP "本电脑已安装更新的版本 $0，不能用较旧的 ${VERSION} 覆盖。$\r$\n$\r$\n如确需换回旧版本，请先在“设置 → 应用”（程序和功能）中卸载 $0；但旧版本可能打不开新版本升级过的数据库。" /SD IDOK
      SetErrorLevel 6
      Quit
    ${EndIf}
  ${EndIf}
FunctionEnd

Function CheckDatabase
  ; an older version must not be installed over a database a newer version has upgraded:
  ; the installer's own Python reads the schema revision (SQLite, read only) before any change
  IfFileExists "$DataDir\station.sqlite3" 0 done
  InitPluginsDir
  SetOutPath "$PLUGINSDIR\precheck"
  File /r "${PRECHECK}\*.*"
  nsExec::ExecToStack '"$PLUGINSDIR\precheck\python.exe" "$PLUGINSDIR\precheck\dbcheck.py" "$DataDir\station.sqlite3"'
  Pop $0
  Pop $1
  ${If} $0 == 4
    StrCpy $2 $1 "" 6
    MessageBox MB_OK|MB_ICONSTOP "本电脑上的数据库由更新版本的工作台升级过（结构版本 $2），${VERSION} 版打不开它。$\r$\n$\r$\n数据库：$DataDir\station.sqlite3$\r$\n数据库未做任何改动，本次安装已取消。请安装与之相同或更新的版本。" /SD IDOK
    SetErrorLevel 4
    Quit
  ${EndIf}
  done:
  SetOutPath "$TEMP"
FunctionEnd

Function .onInit
  ${IfNot} ${RunningX64}
    MessageBox MB_OK|MB_ICONSTOP "${TITLE} 需要 64 位的 Windows 10 或 11。" /SD IDOK
    SetErrorLevel 2
    Quit
  ${EndIf}
  SetRegView 64
  !insertmacro MULTIUSER_INIT
  !insertmacro CHECK_NOT_RUNNING ""
  Call DataFolder
  Call CheckInstalledVersion
  Call CheckDatabase
FunctionEnd

Function un.onInit
  SetRegView 64
  !insertmacro MULTIUSER_UNINIT
  !insertmacro CHECK_NOT_RUNNING "un."
FunctionEnd

; --- install ---------------------------------------------------------------------------------

Section "-程序文件"
  !insertmacro CHECK_NOT_RUNNING ""
  ; an upgrade replaces the program's files only; nothing of the user's lives here
  RMDir /r "$INSTDIR\python"
  RMDir /r "$INSTDIR\pkgs"
  SetOutPath "$INSTDIR"
  File /r "${PAYLOAD}\*.*"
  DetailPrint "预编译 Python 模块……"
  nsExec::ExecToLog '"$INSTDIR\python\python.exe" -m compileall -q "$INSTDIR\pkgs"'
  Pop $0
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateDirectory "$SMPROGRAMS\${TITLE}"
  CreateShortcut "$SMPROGRAMS\${TITLE}\${TITLE}.lnk" "$INSTDIR\station-desk.exe" "" "$INSTDIR\station-desk.ico"
  CreateShortcut "$SMPROGRAMS\${TITLE}\卸载 ${TITLE}.lnk" "$INSTDIR\uninstall.exe"
  CreateShortcut "$DESKTOP\${TITLE}.lnk" "$INSTDIR\station-desk.exe" "" "$INSTDIR\station-desk.ico"

  WriteRegStr SHCTX "${APP_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr SHCTX "${APP_KEY}" "InstallMode" "$MultiUser.InstallMode"
  WriteRegStr SHCTX "${APP_KEY}" "Version" "${VERSION}"
  WriteRegStr SHCTX "${UNINST_KEY}" "DisplayName" "${TITLE}"
  WriteRegStr SHCTX "${UNINST_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr SHCTX "${UNINST_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr SHCTX "${UNINST_KEY}" "DisplayIcon" "$INSTDIR\station-desk.ico"
  WriteRegStr SHCTX "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr SHCTX "${UNINST_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe" /$MultiUser.InstallMode'
  WriteRegStr SHCTX "${UNINST_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /$MultiUser.InstallMode /S'
  WriteRegDWORD SHCTX "${UNINST_KEY}" "NoModify" 1
  WriteRegDWORD SHCTX "${UNINST_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD SHCTX "${UNINST_KEY}" "EstimatedSize" "$0"

SectionEnd

; --- uninstall -------------------------------------------------------------------------------

Section "Uninstall"
  RMDir /r "$INSTDIR\python"
  RMDir /r "$INSTDIR\pkgs"
  Delete "$INSTDIR\station-app.exe"
  Delete "$INSTDIR\station-desk.exe"
  Delete "$INSTDIR\station-desk.ico"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  Delete "$SMPROGRAMS\${TITLE}\${TITLE}.lnk"
  Delete "$SMPROGRAMS\${TITLE}\卸载 ${TITLE}.lnk"
  RMDir "$SMPROGRAMS\${TITLE}"
  Delete "$DESKTOP\${TITLE}.lnk"
  DeleteRegKey SHCTX "${UNINST_KEY}"
  DeleteRegKey SHCTX "${APP_KEY}"
  Call un.DataFolder
  DetailPrint "您的数据库和备份仍保留在：$DataDir"
SectionEnd

Function un.DataFolder
  ReadEnvStr $0 STATION_HOME
  ${If} $0 != ""
    StrCpy $DataDir "$0\data"
  ${Else}
    ReadEnvStr $0 LOCALAPPDATA
    StrCpy $DataDir "$0\${PRODUCT}\${PRODUCT}"
  ${EndIf}
FunctionEnd
