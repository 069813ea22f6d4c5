/* An opengl32.dll like a PC without a graphics driver's, for
 * .ci/package check: it loads, but no OpenGL context can be made. Put
 * beside Postie.exe (with WINEDLLOVERRIDES=opengl32=n), it makes GLFW
 * fail to create the window as it does in a virtual machine without 3D,
 * where Postie must say so instead of hanging (#29 item 11). */
#include <windows.h>

__declspec(dllexport) HGLRC WINAPI wglCreateContext(HDC dc) { SetLastError(ERROR_INVALID_PIXEL_FORMAT); return NULL; }
__declspec(dllexport) BOOL WINAPI wglDeleteContext(HGLRC rc) { return FALSE; }
__declspec(dllexport) PROC WINAPI wglGetProcAddress(LPCSTR name) { return NULL; }
__declspec(dllexport) HDC WINAPI wglGetCurrentDC(void) { return NULL; }
__declspec(dllexport) HGLRC WINAPI wglGetCurrentContext(void) { return NULL; }
__declspec(dllexport) BOOL WINAPI wglMakeCurrent(HDC dc, HGLRC rc) { return FALSE; }
__declspec(dllexport) BOOL WINAPI wglShareLists(HGLRC a, HGLRC b) { return FALSE; }
