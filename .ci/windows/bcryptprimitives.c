/* Test-environment shim, used only to run Postie's Windows build under
 * Debian's Wine 8, which lacks bcryptprimitives.dll (real Windows 10 and
 * 11 have it; the Go 1.26 runtime needs its ProcessPrng at start). It is
 * copied into the Wine prefix's system32 by .ci/package, never shipped. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length); /* RtlGenRandom */

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
	while (len > 0) {
		ULONG chunk = len > 0x40000000 ? 0x40000000 : (ULONG)len;
		if (!SystemFunction036(data, chunk)) return FALSE;
		data += chunk;
		len -= chunk;
	}
	return TRUE;
}
