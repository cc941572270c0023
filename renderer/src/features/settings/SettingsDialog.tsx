import { Modal } from '../../components/Modal'
import { useAppStore } from '../../store'
import { ApiKeySection } from './ApiKeySection'
import { PreferencesSection } from './PreferencesSection'

export function SettingsDialog() {
  const closeDialog = useAppStore((s) => s.closeDialog)
  return (
    <Modal
      title="Settings"
      testId="settings-dialog"
      onClose={closeDialog}
      footer={
        <button type="button" className="button" onClick={closeDialog}>
          Done
        </button>
      }
    >
      <ApiKeySection />
      <PreferencesSection />
    </Modal>
  )
}
