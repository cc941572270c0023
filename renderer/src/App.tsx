import { TooltipProvider } from './components/Tooltip'
import { AboutDialog } from './features/about/AboutDialog'
import { CompareDialog } from './features/compare/CompareDialog'
import { Composer } from './features/composer/Composer'
import { WindowDrop } from './features/composer/WindowDrop'
import { ImageDetail } from './features/detail/ImageDetail'
import { ExportDialog } from './features/export/ExportDialog'
import { DeleteForeverDialog } from './features/gallery/DeleteForeverDialog'
import { EmptyTrashDialog } from './features/gallery/EmptyTrashDialog'
import { GalleryArea } from './features/gallery/GalleryArea'
import { QueuePanel } from './features/queue/QueuePanel'
import { SettingsDialog } from './features/settings/SettingsDialog'
import { DeleteCollectionDialog } from './features/sidebar/DeleteCollectionDialog'
import { Sidebar } from './features/sidebar/Sidebar'
import { PromptsView } from './features/prompts/PromptsView'
import { SpendView } from './features/spend/SpendView'
import { useThemeAttribute } from './features/theme/use-theme-attribute'
import { Toaster } from './features/toasts/Toaster'
import { useAppStore } from './store'

/** The window: sidebar | gallery over composer | queue, plus dialogs, the image detail and toasts. */
export function App() {
  const dialog = useAppStore((s) => s.dialog)
  const detailOpen = useAppStore((s) => s.detailId !== null)
  const collapsed = useAppStore((s) => s.sidebarCollapsed)
  const mainView = useAppStore((s) => s.mainView)
  const theme = useAppStore((s) => s.settings?.theme ?? 'system')
  useThemeAttribute(theme)

  return (
    <TooltipProvider>
      <div className="shell" data-sidebar={collapsed ? 'collapsed' : 'expanded'} inert={dialog !== null || detailOpen}>
        <Sidebar />
        <main className="workspace">
          {mainView === 'spend' ? <SpendView /> : mainView === 'prompts' ? <PromptsView /> : <GalleryArea />}
          <Composer />
        </main>
        <QueuePanel />
      </div>
      {dialog === 'settings' ? <SettingsDialog /> : null}
      {dialog === 'about' ? <AboutDialog /> : null}
      {dialog === 'empty-trash' ? <EmptyTrashDialog /> : null}
      {dialog === 'delete-forever' ? <DeleteForeverDialog /> : null}
      {dialog === 'delete-collection' ? <DeleteCollectionDialog /> : null}
      {dialog === 'export' ? <ExportDialog /> : null}
      {dialog === 'compare' ? <CompareDialog /> : null}
      {detailOpen && dialog === null ? <ImageDetail /> : null}
      <WindowDrop />
      <Toaster />
    </TooltipProvider>
  )
}
