"""Chinese text of the application's own dialogs (sign-in, first run, about, conflicts,
recovery), written once."""

from __future__ import annotations

# -- 关于
SQLITE = "SQLite（本机单机）"
POSTGRESQL = "PostgreSQL（共享服务器）"
ABOUT_ROWS = (
    "程序版本",
    "数据库类型",
    "数据库位置",
    "数据库版本",
    "数据结构版本",
    "数据目录",
    "日志文件",
    "运行环境",
)
SCHEMA_VERSION = "{}（程序支持到 {}）"
ABOUT_TITLE = "关于"
ROW = "{}："

# -- 保存冲突
CONFLICT_TITLE = "保存冲突"
CONFLICT_HEAD = ("项目", "我的修改", "已保存的版本")
KEEP_MINE = "保留我的修改"
TAKE_THEIRS = "采用已保存的版本"

# -- 首次使用
FIRST_RUN_INTRO = (
    "欢迎使用基层市场监管所工作台。\n"
    "请先填写本所的基本信息：它们会出现在打印的文书、报表和公示上，以后可在“设置”中修改。"
)
FIRST_RUN_TITLE = "首次使用：填写所基本信息"

# -- 登录
DEMO_HINT = "这是演示数据库：系统管理员用户名 admin，密码 {}（所有演示用户密码相同）。"
FIRST_ADMIN_INTRO = (
    "这是一个新的数据库，还没有任何用户。\n请先创建系统管理员账户：它可以添加其他用户并分配角色。"
)
LOGIN_TITLE = "登录"
USERNAME = "用户名"
PASSWORD = "密码"
LOGIN = "登录"
FIRST_ADMIN_TITLE = "创建系统管理员"
ADMIN_FORM = ("用户名", "姓名", "密码", "再输一次密码")
PASSWORD_RULE = "密码至少 8 位，需同时包含字母和数字。请牢记：忘记后只能由其他管理员重置。"
PASSWORDS_DIFFER = "两次输入的密码不一致。"

# -- 数据库已损坏
RECOVERY_INTRO = (
    "{message}\n\n可以从下面的备份恢复（损坏的文件会另存保留，不会删除）。"
    "请选择一个备份，并用有“恢复数据库”权限的账户（系统管理员）确认。"
)
RECOVERY_TITLE = "数据库已损坏"
BACKUP_ITEM = "{:%Y-%m-%d %H:%M}　{:.1f} MB　{}"
OTHER_BACKUP = "选择其他备份文件…"
RESTORE_SELECTED = "从所选备份恢复"
QUIT = "退出"
CHOOSE_BACKUP = "选择备份文件"
BACKUP_FILTER = "数据库备份 (*.sqlite3 *.db);;所有文件 (*)"
NO_BACKUP = "没有可用的备份：请选择一个备份文件。"
CORRUPT_WHILE_OPEN = "{}\n\n为免损坏扩大，程序将停止使用这个数据库，并打开恢复窗口。"
RESTORED_TITLE = "已从备份恢复"
RESTORED = "数据库已从备份恢复，损坏的文件另存为：{}\n请重新打开本程序。"
