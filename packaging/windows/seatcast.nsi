; Seatcast's Windows installer (NSIS 3, Unicode). Built by scripts/release.sh:
;   makensis -DVERSION=0.1.0 -DSTAGE=<folder with the files> -DOUTFILE=<setup.exe> seatcast.nsi
;
; Per user, no administrator rights (bureau PCs are locked down): installs
; into %LOCALAPPDATA%\Programs\Seatcast, adds a Start-menu entry and an
; uninstaller (Settings → Apps lists it), and opens .xlsx / .xls / .csv
; with Seatcast only if the planner ticks that box.

Unicode true
; The program is 64-bit only, and so is its installer: it runs natively and
; writes the 64-bit registry view.
Target amd64-unicode
ManifestDPIAware true
RequestExecutionLevel user
SetCompressor /SOLID lzma

!ifndef VERSION
  !error "VERSION is not defined"
!endif
!ifndef STAGE
  !error "STAGE is not defined"
!endif
!ifndef OUTFILE
  !define OUTFILE "seatcast-${VERSION}-windows-x64-setup.exe"
!endif

!define APP "Seatcast"
!define PROGID "Seatcast.Workbook"
!define UNINSTKEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\Seatcast"

Name "${APP} ${VERSION}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\Seatcast"
InstallDirRegKey HKCU "Software\Seatcast" "InstallDir"
BrandingText "Seatcast ${VERSION}"

!include "MUI2.nsh"
!include "FileFunc.nsh"
!include "Sections.nsh"

!define MUI_ICON "${STAGE}\seatcast.ico"
!define MUI_UNICON "${STAGE}\seatcast.ico"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\seatcast.exe"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "SimpChinese"
!insertmacro MUI_LANGUAGE "English"

LangString SecAppName ${LANG_SIMPCHINESE} "Seatcast（必需）"
LangString SecAppName ${LANG_ENGLISH} "Seatcast (required)"
LangString SecAssocName ${LANG_SIMPCHINESE} "用 Seatcast 打开 .xlsx、.xls、.csv 文件"
LangString SecAssocName ${LANG_ENGLISH} "Open .xlsx, .xls and .csv files with Seatcast"
LangString SecAppDesc ${LANG_SIMPCHINESE} "程序、示例县数据、说明和使用手册。"
LangString SecAppDesc ${LANG_ENGLISH} "The program, the sample county, the README and the manuals."
LangString SecAssocDesc ${LANG_SIMPCHINESE} "双击这些文件时用 Seatcast 打开（仅当前用户；可在 Windows 的“默认应用”中改回）。"
LangString SecAssocDesc ${LANG_ENGLISH} "Double-clicked, these files open in Seatcast (this user only; change it back in Windows' Default apps)."
LangString ShortcutCli ${LANG_SIMPCHINESE} "Seatcast 命令行"
LangString ShortcutCli ${LANG_ENGLISH} "Seatcast command line"

Section "!$(SecAppName)" SecApp
  SectionIn RO
  SetShellVarContext current
  SetOutPath "$INSTDIR"
  File "${STAGE}\seatcast.exe"
  File "${STAGE}\seatcast-cli.exe"
  File "${STAGE}\seatcast.ico"
  File "${STAGE}\README.md"
  File "${STAGE}\manual.md"
  File "${STAGE}\manual.zh.md"
  SetOutPath "$INSTDIR\sample-data"
  File /r "${STAGE}\sample-data\*.*"
  SetOutPath "$INSTDIR"

  CreateDirectory "$SMPROGRAMS\Seatcast"
  CreateShortcut "$SMPROGRAMS\Seatcast\Seatcast.lnk" "$INSTDIR\seatcast.exe" "" "$INSTDIR\seatcast.ico"
  CreateShortcut "$SMPROGRAMS\Seatcast\$(ShortcutCli).lnk" "$SYSDIR\cmd.exe" '/k "cd /d "$INSTDIR" && seatcast-cli.exe --help"' "$INSTDIR\seatcast.ico"

  WriteUninstaller "$INSTDIR\uninstall.exe"
  WriteRegStr HKCU "Software\Seatcast" "InstallDir" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayName" "Seatcast · 学位预测与布局规划"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTKEY}" "Publisher" "Seatcast developers"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayIcon" "$INSTDIR\seatcast.ico"
  WriteRegStr HKCU "${UNINSTKEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTKEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTKEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTKEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTKEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD HKCU "${UNINSTKEY}" "EstimatedSize" "$0"
SectionEnd

; ID: a word unique to each use, for the macro's labels.
!macro Associate EXT ID
  WriteRegStr HKCU "Software\Classes\${EXT}\OpenWithProgids" "${PROGID}" ""
  ; Remember what opened the type before, to put it back on uninstall.
  ReadRegStr $0 HKCU "Software\Classes\${EXT}" ""
  StrCmp $0 "${PROGID}" assoc_same_${ID}
  WriteRegStr HKCU "Software\Seatcast\Previous" "${EXT}" "$0"
  assoc_same_${ID}:
  WriteRegStr HKCU "Software\Classes\${EXT}" "" "${PROGID}"
!macroend

!macro Unassociate EXT ID
  DeleteRegValue HKCU "Software\Classes\${EXT}\OpenWithProgids" "${PROGID}"
  ReadRegStr $0 HKCU "Software\Classes\${EXT}" ""
  StrCmp $0 "${PROGID}" 0 unassoc_done_${ID}
  ReadRegStr $1 HKCU "Software\Seatcast\Previous" "${EXT}"
  StrCmp $1 "" unassoc_clear_${ID}
  WriteRegStr HKCU "Software\Classes\${EXT}" "" "$1"
  Goto unassoc_done_${ID}
  unassoc_clear_${ID}:
  DeleteRegValue HKCU "Software\Classes\${EXT}" ""
  unassoc_done_${ID}:
!macroend

Section /o "$(SecAssocName)" SecAssoc
  WriteRegStr HKCU "Software\Classes\${PROGID}" "" "Seatcast workbook"
  WriteRegStr HKCU "Software\Classes\${PROGID}\DefaultIcon" "" "$INSTDIR\seatcast.ico"
  WriteRegStr HKCU "Software\Classes\${PROGID}\shell\open\command" "" '"$INSTDIR\seatcast.exe" "%1"'
  !insertmacro Associate ".xlsx" xlsx
  !insertmacro Associate ".xls" xls
  !insertmacro Associate ".csv" csv
  WriteRegDWORD HKCU "Software\Seatcast" "Associated" 1
  ; Tell Explorer the associations changed.
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
SectionEnd

!insertmacro MUI_FUNCTION_DESCRIPTION_BEGIN
  !insertmacro MUI_DESCRIPTION_TEXT ${SecApp} $(SecAppDesc)
  !insertmacro MUI_DESCRIPTION_TEXT ${SecAssoc} $(SecAssocDesc)
!insertmacro MUI_FUNCTION_DESCRIPTION_END

; For IT staff deploying silently: `setup.exe /S` installs without asking;
; `/ASSOCIATE` ticks the file association (off unless asked for).
Function .onInit
  SetShellVarContext current
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/ASSOCIATE" $R1
  IfErrors no_assoc_option
    !insertmacro SelectSection ${SecAssoc}
  no_assoc_option:
  !insertmacro MUI_LANGDLL_DISPLAY
FunctionEnd

Section "Uninstall"
  SetShellVarContext current
  ReadRegDWORD $0 HKCU "Software\Seatcast" "Associated"
  IntCmp $0 1 0 skip_assoc skip_assoc
    !insertmacro Unassociate ".xlsx" xlsx
    !insertmacro Unassociate ".xls" xls
    !insertmacro Unassociate ".csv" csv
    DeleteRegKey HKCU "Software\Classes\${PROGID}"
    System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
  skip_assoc:
  Delete "$SMPROGRAMS\Seatcast\Seatcast.lnk"
  Delete "$SMPROGRAMS\Seatcast\$(ShortcutCli).lnk"
  RMDir "$SMPROGRAMS\Seatcast"
  Delete "$INSTDIR\seatcast.exe"
  Delete "$INSTDIR\seatcast-cli.exe"
  Delete "$INSTDIR\seatcast.ico"
  Delete "$INSTDIR\README.md"
  Delete "$INSTDIR\manual.md"
  Delete "$INSTDIR\manual.zh.md"
  RMDir /r "$INSTDIR\sample-data"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKCU "${UNINSTKEY}"
  DeleteRegKey HKCU "Software\Seatcast"
  ; The planner's settings and autosave (%APPDATA%\seatcast) stay: they are theirs.
SectionEnd
