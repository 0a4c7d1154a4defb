[# NSIS script template for Đảng vụ, filled by pynsist (installer/build.py).
   Per-user only: the office PC has nobody with administrator rights. The uninstaller removes the program
   and never the data folder (%APPDATA%\DangVu: database, backups, logs). #]
!define PRODUCT_NAME "[[ ib.product_name ]]"
!define PRODUCT_VERSION "[[ ib.version ]]"
!define PRODUCT_KEY "DangVu"
!define PRODUCT_ICON "[[ icon ]]"
!define INSTALLER_NAME "[[ ib.installer_name ]]"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${PRODUCT_KEY}"

Unicode true
ManifestDPIAware true
SetCompressor /SOLID lzma
RequestExecutionLevel user

Name "${PRODUCT_NAME} ${PRODUCT_VERSION}"
OutFile "${INSTALLER_NAME}"
InstallDir "$LOCALAPPDATA\Programs\${PRODUCT_KEY}"
InstallDirRegKey HKCU "Software\${PRODUCT_KEY}" "InstallDir"
ShowInstDetails show
ShowUninstDetails show

VIProductVersion "[[ ib.numeric_version ]]"
VIAddVersionKey /LANG=1066 "ProductName" "${PRODUCT_NAME}"
VIAddVersionKey /LANG=1066 "ProductVersion" "${PRODUCT_VERSION}"
VIAddVersionKey /LANG=1066 "FileVersion" "${PRODUCT_VERSION}"
VIAddVersionKey /LANG=1066 "FileDescription" "Cài đặt ${PRODUCT_NAME}"
VIAddVersionKey /LANG=1066 "LegalCopyright" "MIT"

!include "MUI2.nsh"
!define MUI_ABORTWARNING
!define MUI_ICON "${PRODUCT_ICON}"
!define MUI_UNICON "${PRODUCT_ICON}"
!define MUI_FINISHPAGE_RUN
!define MUI_FINISHPAGE_RUN_TEXT "Mở ${PRODUCT_NAME} ngay"
!define MUI_FINISHPAGE_RUN_FUNCTION LaunchProgram

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "Vietnamese"

Section "!${PRODUCT_NAME}" sec_app
  SectionIn RO
  SetShellVarContext current
  SetOutPath "$INSTDIR"
  SetOverwrite on
  File "${PRODUCT_ICON}"

  ; an upgrade replaces the program's files whole, so no module of an older version lingers
  RMDir /r "$INSTDIR\pkgs"
  RMDir /r "$INSTDIR\Python"
  SetOutPath "$INSTDIR\pkgs"
  File /r "pkgs\*.*"

  [% for destination, group in grouped_files %]
  SetOutPath "[[ destination ]]"
  [% for file in group %]
  File "[[ file ]]"
  [% endfor %]
  [% endfor %]

  [% for dir, destination in ib.install_dirs %]
  SetOutPath "[[ pjoin(destination, dir) ]]"
  File /r "[[ dir ]]\*.*"
  [% endfor %]

  ; the shortcuts start in the install folder
  SetOutPath "$INSTDIR"
  [% for scname, sc in ib.shortcuts.items() %]
  CreateShortCut "$SMPROGRAMS\[[ scname ]].lnk" "[[ sc['target'] ]]" '[[ sc['parameters'] ]]' "$INSTDIR\[[ sc['icon'] ]]"
  CreateShortCut "$DESKTOP\[[ scname ]].lnk" "[[ sc['target'] ]]" '[[ sc['parameters'] ]]' "$INSTDIR\[[ sc['icon'] ]]"
  [% endfor %]

  DetailPrint "Biên dịch các mô-đun Python…"
  nsExec::ExecToLog '"$INSTDIR\Python\python.exe" -m compileall -q "$INSTDIR\pkgs"'

  WriteUninstaller "$INSTDIR\uninstall.exe"
  WriteRegStr HKCU "Software\${PRODUCT_KEY}" "InstallDir" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${PRODUCT_NAME}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${PRODUCT_VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\${PRODUCT_ICON}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
SectionEnd

Section "Uninstall"
  SetShellVarContext current
  [% for scname in ib.shortcuts %]
  Delete "$SMPROGRAMS\[[ scname ]].lnk"
  Delete "$DESKTOP\[[ scname ]].lnk"
  [% endfor %]
  RMDir /r "$INSTDIR\pkgs"
  [% for file, destination in ib.install_files %]
  Delete "[[ pjoin(destination, file) ]]"
  [% endfor %]
  [% for dir, destination in ib.install_dirs %]
  RMDir /r "[[ pjoin(destination, dir) ]]"
  [% endfor %]
  Delete "$INSTDIR\${PRODUCT_ICON}"
  Delete "$INSTDIR\uninstall.exe"
  ; only removed when empty: anything the clerk put there stays
  RMDir "$INSTDIR"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
  DeleteRegKey HKCU "Software\${PRODUCT_KEY}"
  ; the records exist nowhere else: the data folder is never touched
  DetailPrint "Dữ liệu (cơ sở dữ liệu, bản sao lưu, nhật ký) vẫn được giữ tại $APPDATA\${PRODUCT_KEY}."
  MessageBox MB_OK|MB_ICONINFORMATION "Đã gỡ ${PRODUCT_NAME}. Dữ liệu vẫn được giữ tại $APPDATA\${PRODUCT_KEY}; cài lại chương trình sẽ mở tiếp dữ liệu đó." /SD IDOK
SectionEnd

Function LaunchProgram
  SetOutPath "$INSTDIR"
  Exec '"$INSTDIR\Python\pythonw.exe" "$INSTDIR\[[ ib.launch_script ]]"'
FunctionEnd
