import { Modal } from '../../components/Modal'
import { useAppStore } from '../../store'
import { ApiKeySection } from './ApiKeySection'
import { LibrarySection } from './LibrarySection'
import { DefaultsSection } from './DefaultsSection'
import { DataFolderSection, PreferencesSection } from './PreferencesSection'

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
      <DefaultsSection />
      <DataFolderSection />
      <LibrarySection />
    </Modal>
  )
}
