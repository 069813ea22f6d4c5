; Postie's Windows installer (NSIS 3, built by .ci/package): a per-user
; install without administrator rights, a Start-menu shortcut, an
; uninstaller, and registration as a mail program — the mailto: URL
; protocol and the Capabilities/RegisteredApplications keys, so Postie
; appears in Windows' Default apps, where the person chooses it.
; Beside Postie.exe (the window, a GUI program that cmd and PowerShell do
; not wait for) goes postie.com, the same program built for the console:
; cmd and PowerShell prefer .com, so `postie …` in a terminal waits and
; sets %ERRORLEVEL%. The installer offers (ticked) to add the folder to
; the person's PATH, and the uninstaller takes it out again.
Unicode true
Target amd64-unicode
!ifndef VERSION
  !define VERSION "0.1.0"
!endif
!ifndef EXE
  !define EXE "Postie.exe"
!endif
!ifndef COM
  !define COM "postie.com"
!endif
!ifndef OUTFILE
  !define OUTFILE "Postie-${VERSION}-setup.exe"
!endif
Name "Postie"
; LoadLanguageFile and LangString for every language Postie speaks
; (made by .ci/words); NSIS picks the one of Windows' display language.
!include "${WORDS}"
OutFile "${OUTFILE}"
RequestExecutionLevel user
InstallDir "$LOCALAPPDATA\Programs\Postie"
SetCompressor /SOLID lzma
Icon "${ICON}"
UninstallIcon "${ICON}"

!include "WordFunc.nsh"
!include "WinMessages.nsh"

!define UNINST "Software\Microsoft\Windows\CurrentVersion\Uninstall\Postie"
; NSIS strings hold NSIS_MAX_STRLEN characters: a longer PATH would come
; back cut, and writing it back would lose the rest, so it is left alone.
!define /math PATH_LIMIT ${NSIS_MAX_STRLEN} - 300
!define CAPS "Software\Clients\Mail\Postie\Capabilities"

Page components
Page directory
Page instfiles
UninstPage uninstConfirm
UninstPage instfiles

Section "Postie"
  SectionIn RO
  SetOutPath "$INSTDIR"
  File "/oname=Postie.exe" "${EXE}"
  File "/oname=postie.com" "${COM}"
  WriteUninstaller "$INSTDIR\Uninstall Postie.exe"
  CreateShortcut "$SMPROGRAMS\Postie.lnk" "$INSTDIR\Postie.exe"

  ; The mailto: protocol, handled by Postie for this user.
  WriteRegStr HKCU "Software\Classes\Postie.mailto" "" "URL:MailTo Protocol"
  WriteRegStr HKCU "Software\Classes\Postie.mailto" "URL Protocol" ""
  WriteRegStr HKCU "Software\Classes\Postie.mailto\DefaultIcon" "" "$INSTDIR\Postie.exe,0"
  WriteRegStr HKCU "Software\Classes\Postie.mailto\shell\open\command" "" '"$INSTDIR\Postie.exe" "%1"'
  ; A mail program Windows can offer in Default apps.
  WriteRegStr HKCU "Software\Clients\Mail\Postie" "" "Postie"
  WriteRegStr HKCU "Software\Clients\Mail\Postie\shell\open\command" "" '"$INSTDIR\Postie.exe"'
  WriteRegStr HKCU "${CAPS}" "ApplicationName" "Postie"
  WriteRegStr HKCU "${CAPS}" "ApplicationDescription" "$(INSTALLER_DESCRIPTION)"
  WriteRegStr HKCU "${CAPS}\URLAssociations" "mailto" "Postie.mailto"
  WriteRegStr HKCU "${CAPS}\StartMenu" "Mail" "Postie"
  WriteRegStr HKCU "Software\RegisteredApplications" "Postie" "${CAPS}"

  WriteRegStr HKCU "${UNINST}" "DisplayName" "Postie"
  WriteRegStr HKCU "${UNINST}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINST}" "Publisher" "Postie"
  WriteRegStr HKCU "${UNINST}" "DisplayIcon" "$INSTDIR\Postie.exe,0"
  WriteRegStr HKCU "${UNINST}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINST}" "UninstallString" '"$INSTDIR\Uninstall Postie.exe"'
  WriteRegStr HKCU "${UNINST}" "QuietUninstallString" '"$INSTDIR\Uninstall Postie.exe" /S'
  WriteRegDWORD HKCU "${UNINST}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINST}" "NoRepair" 1
SectionEnd

; The postie command in cmd and PowerShell: the folder on the person's
; own PATH (HKCU\Environment), then the news to running programs
; (Explorer passes it to terminals started afterwards).
Section "$(INSTALLER_SECTION_PATH)"
  ReadRegStr $0 HKCU "Environment" "Path"
  StrLen $1 $0
  IntCmp $1 ${PATH_LIMIT} pathTooLong 0 pathTooLong
  ${WordAdd} "$0" ";" "+$INSTDIR" $2
  StrCmp $2 $0 pathDone
  WriteRegExpandStr HKCU "Environment" "Path" "$2"
  WriteRegDWORD HKCU "${UNINST}" "AddedToPath" 1
  SendMessage ${HWND_BROADCAST} ${WM_SETTINGCHANGE} 0 "STR:Environment" /TIMEOUT=5000
  Goto pathDone
pathTooLong:
  MessageBox MB_OK|MB_ICONINFORMATION "$(INSTALLER_PATH_TOO_LONG)" /SD IDOK
pathDone:
SectionEnd

; The mail itself (the profile under %APPDATA%) is never removed.
Section "Uninstall"
  ReadRegDWORD $3 HKCU "${UNINST}" "AddedToPath"
  IntCmp $3 1 0 pathKept pathKept
  ReadRegStr $0 HKCU "Environment" "Path"
  StrLen $1 $0
  IntCmp $1 ${PATH_LIMIT} pathKept 0 pathKept
  ${un.WordAdd} "$0" ";" "-$INSTDIR" $2
  StrCmp $2 "" 0 +3
  DeleteRegValue HKCU "Environment" "Path"
  Goto +2
  WriteRegExpandStr HKCU "Environment" "Path" "$2"
  SendMessage ${HWND_BROADCAST} ${WM_SETTINGCHANGE} 0 "STR:Environment" /TIMEOUT=5000
pathKept:
  Delete "$INSTDIR\postie.com"
  Delete "$INSTDIR\Postie.exe"
  Delete "$SMPROGRAMS\Postie.lnk"
  Delete "$INSTDIR\Uninstall Postie.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKCU "Software\Classes\Postie.mailto"
  DeleteRegKey HKCU "Software\Clients\Mail\Postie"
  DeleteRegValue HKCU "Software\RegisteredApplications" "Postie"
  DeleteRegKey HKCU "${UNINST}"
SectionEnd
