; Inno Setup script for ASB Desktop on Windows (Inno Setup 6).
; Build on Windows from the repository folder (see docs/installing.md):
;   .venv\Scripts\pyinstaller --noconfirm --clean installer\asb-desktop.spec
;   "%ProgramFiles(x86)%\Inno Setup 6\ISCC.exe" /DAppVersion=0.1.0 installer\windows\asb-desktop.iss
; Output: dist\asb-desktop-<version>-windows-x64-setup.exe
; Installs per machine (Program Files) when run as an administrator, otherwise per user; Start menu
; entries for the window and the command line; an uninstaller in Apps & features. The officer's data
; (%LOCALAPPDATA%\asb-desktop: database, stored files, backups, logs) is never removed by uninstall.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "ASB Desktop"
#define AppExe "asb-desktop.exe"

[Setup]
AppId={{6A6A8829-5D30-574F-9044-EEA6FDCC5B8F}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=ASB Desktop
VersionInfoVersion={#AppVersion}
VersionInfoProductName={#AppName}
VersionInfoDescription={#AppName} installer
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist
OutputBaseFilename=asb-desktop-{#AppVersion}-windows-x64-setup
SetupIconFile=..\..\resources\icons\asb-desktop.ico
UninstallDisplayIcon={app}\asb-desktop.exe
UninstallDisplayName={#AppName} {#AppVersion}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes
; An upgrade installs over the old version in the same folder (same AppId); the data folder is untouched.
UsePreviousAppDir=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; Files of the previous version that this one no longer ships (one-folder builds change file names).
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "..\..\dist\asb-desktop\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\ASB Desktop"; Filename: "{app}\asb-desktop.exe"; WorkingDir: "{app}"; Comment: "Anti-social behaviour case management"
Name: "{group}\ASB Desktop command line"; Filename: "{cmd}"; Parameters: "/k ""{app}\asb.exe"" --help"; WorkingDir: "{userdocs}"
Name: "{group}\Uninstall ASB Desktop"; Filename: "{uninstallexe}"
Name: "{autodesktop}\ASB Desktop"; Filename: "{app}\asb-desktop.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\asb-desktop.exe"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Only what the program itself wrote next to its files; the officer's data folder is kept.
Type: filesandordirs; Name: "{app}\_internal\__pycache__"
