; (UTF-8 with a byte-order mark: ISCC reads files without one as Windows-1252.)
; Inno Setup 6 script: the Windows installer of « Centre de services », from the PyInstaller bundle.
;
; Built on a Windows PC by:   py packaging\build.py --installer      (see packaging/README.md)
; which runs PyInstaller, the smoke test, then:
;   ISCC /DAppVersion=0.1.0 /DNumericVersion=0.1.0.0 /DSourceDir=...\dist\centre-app /DOutputDir=...\dist\installer centre_app.iss
; The defaults below let ISCC compile it by hand from this folder too.
;
; - Installs for the whole machine (administrator rights asked once) in « C:\Program Files\Centre de services ».
; - Start-menu shortcut, desktop shortcut (ticked by default), a « ligne de commande » shortcut for the
;   administrator, launch at the end.
; - Upgrade: run the newer installer; same AppId, so it replaces the program in place (the running application
;   is asked to close first: it makes its closing backup). The program folder is emptied of the old version's
;   files first, so nothing stale stays behind.
; - Data are NEVER touched: the database, its log and backups live in the user's data folder
;   (%LOCALAPPDATA%\CentreServices\centre.db, or the paths chosen in the application) and on the USB key;
;   this script installs and removes only the program folder. The database is brought to the new schema
;   by the application itself at its next start, after a safety copy (centre_app/models/migrate.py).

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#ifndef NumericVersion
  #define NumericVersion "0.1.0.0"
#endif
#ifndef SourceDir
  #define SourceDir "..\dist\centre-app"
#endif
#ifndef OutputDir
  #define OutputDir "..\dist\installer"
#endif
#ifndef RepoRoot
  #define RepoRoot ".."
#endif
#define AppName "Centre de services"
#define AppPublisher "Centre de services agro-pastoral"
#define AppExe "centre-app.exe"
#define CliExe "centre-app-cli.exe"

[Setup]
; Never change AppId: it is how Windows recognises an upgrade of the same application.
AppId={{5B0E6C1E-3C4A-4F7B-9E2D-8A1C2F6B7D40}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppPublisher}
AppCopyright=© 2026 {#AppPublisher}
VersionInfoVersion={#NumericVersion}
VersionInfoProductName={#AppName}
VersionInfoDescription=Installation de {#AppName}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
UninstallDisplayName={#AppName}
UninstallDisplayIcon={app}\{#AppExe}
SetupIconFile={#RepoRoot}\resources\icons\centre_app.ico
OutputDir={#OutputDir}
OutputBaseFilename=centre-app-{#AppVersion}-installation
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes
RestartApplications=no
UsePreviousAppDir=yes
ShowLanguageDialog=no

[Languages]
Name: "french"; MessagesFile: "compiler:Languages\French.isl"

[Tasks]
Name: "desktopicon"; Description: "Créer un raccourci sur le Bureau"; GroupDescription: "Raccourcis :"

[InstallDelete]
; Upgrade: remove the previous version's program files (never the data, which are elsewhere).
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Comment: "Gestion du centre : caisse, stock, commandes, contrats"
Name: "{autoprograms}\{#AppName} — ligne de commande"; Filename: "{cmd}"; Parameters: "/k {#CliExe} --help"; WorkingDir: "{app}"; Comment: "Commandes de vérification, sauvegarde et restauration (administrateur)"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "Ouvrir {#AppName} maintenant"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Files Python may add beside the program (compiled migration scripts); the data folder is not listed.
Type: filesandordirs; Name: "{app}\_internal"

[Code]
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if CurUninstallStep = usPostUninstall then
    SuppressibleMsgBox('Le programme a été désinstallé. Les données du centre (base, journal, sauvegardes) ' +
      'sont conservées dans ' + ExpandConstant('{localappdata}') + '\CentreServices et sur la clé USB.',
      mbInformation, MB_OK, IDOK);
end;
