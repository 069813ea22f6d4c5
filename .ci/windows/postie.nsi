; Postie's Windows installer (NSIS 3, built by .ci/package): a per-user
; install without administrator rights, a Start-menu shortcut, an
; uninstaller, and registration as a mail program — the mailto: URL
; protocol and the Capabilities/RegisteredApplications keys, so Postie
; appears in Windows' Default apps, where the person chooses it.
Unicode true
Target amd64-unicode
!ifndef VERSION
  !define VERSION "0.1.0"
!endif
!ifndef EXE
  !define EXE "Postie.exe"
!endif
!ifndef OUTFILE
  !define OUTFILE "Postie-${VERSION}-setup.exe"
!endif
Name "Postie"
OutFile "${OUTFILE}"
RequestExecutionLevel user
InstallDir "$LOCALAPPDATA\Programs\Postie"
SetCompressor /SOLID lzma
Icon "${ICON}"
UninstallIcon "${ICON}"

!define UNINST "Software\Microsoft\Windows\CurrentVersion\Uninstall\Postie"
!define CAPS "Software\Clients\Mail\Postie\Capabilities"

Page directory
Page instfiles
UninstPage uninstConfirm
UninstPage instfiles

Section "Postie"
  SetOutPath "$INSTDIR"
  File "/oname=Postie.exe" "${EXE}"
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
  WriteRegStr HKCU "${CAPS}" "ApplicationDescription" "Read and keep your email, online or offline"
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

; The mail itself (the profile under %APPDATA%) is never removed.
Section "Uninstall"
  Delete "$INSTDIR\Postie.exe"
  Delete "$SMPROGRAMS\Postie.lnk"
  Delete "$INSTDIR\Uninstall Postie.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKCU "Software\Classes\Postie.mailto"
  DeleteRegKey HKCU "Software\Clients\Mail\Postie"
  DeleteRegValue HKCU "Software\RegisteredApplications" "Postie"
  DeleteRegKey HKCU "${UNINST}"
SectionEnd
