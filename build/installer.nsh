; Dojang's NSIS additions (electron-builder.yml nsis.include). The web signing agent's native host
; is registered per user (HKCU) by the installed app itself, so the installer and the app's repair
; share one code path (main/agent/install.ts through main/electron/agent-entry.ts).
!macro customInstall
  ExecWait '"$INSTDIR\${APP_EXECUTABLE_FILENAME}" --register-agent'
!macroend

!macro customUnInstall
  ExecWait '"$INSTDIR\${APP_EXECUTABLE_FILENAME}" --unregister-agent'
!macroend
