/* For the Wine tests only, never shipped: Wine 8 has no bcryptprimitives.dll, whose
 * ProcessPrng (Windows 10 and later) Rust-built wheels such as python-calamine import.
 * This stand-in fills the buffer from RtlGenRandom, as Windows' own ProcessPrng does.
 * Built by installers/test_windows.py with x86_64-w64-mingw32-gcc into the prefix's system32. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length); /* RtlGenRandom, advapi32 */

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG chunk = length > 0x40000000 ? 0x40000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
