import type { ReactNode } from 'react'
import { ChartIcon, ImagesIcon, InfoIcon, PromptsIcon, SettingsIcon, SidebarIcon, StarIcon, TrashIcon } from '../../components/icons'
import { LogoMark } from '../../components/LogoMark'
import { Tooltip } from '../../components/Tooltip'
import { useAppStore } from '../../store'
import { sidebarSearchShown } from '../../store/sidebar-slice'
import type { LibrarySection } from '../../store/ui-slice'
import { ApiKeyPill } from './ApiKeyPill'
import { CollectionList } from './CollectionList'
import { SavedSearchList } from './SavedSearchList'
import { TagList } from './TagList'
import { SECTION_LABELS, useSectionCount } from '../library/sections'

const NAV: { section: LibrarySection; icon: ReactNode }[] = [
  { section: 'all', icon: <ImagesIcon /> },
  { section: 'favourites', icon: <StarIcon /> },
  { section: 'trash', icon: <TrashIcon /> }
]

function NavItem({ section, icon, collapsed }: { section: LibrarySection; icon: ReactNode; collapsed: boolean }) {
  // All images gives way to the saved search or tag it is showing.
  const active = useAppStore((s) => s.mainView === 'gallery' && s.activeSection === section && s.activeCollectionId === null && (section !== 'all' || sidebarSearchShown(s) === null))
  const setActiveSection = useAppStore((s) => s.setActiveSection)
  const count = useSectionCount(section)
  const label = SECTION_LABELS[section]
  return (
    <li>
      <Tooltip label={label} side="right" off={!collapsed}>
        <button
          type="button"
          className="nav-item"
          aria-current={active ? 'page' : undefined}
          aria-label={collapsed ? `${label}${count === null ? '' : `, ${count}`}` : undefined}
          data-testid={`nav-${section}`}
          onClick={() => setActiveSection(section)}
        >
          <span className="nav-icon">{icon}</span>
          <span className="nav-label">{label}</span>
          <span className="nav-count" data-testid={`nav-count-${section}`}>
            {count === null || count === undefined ? '' : count.toLocaleString()}
          </span>
        </button>
      </Tooltip>
    </li>
  )
}

/** The Spend view: spend per day, collection and prompt (it replaces the gallery in the main area). */
function SpendNavItem({ collapsed }: { collapsed: boolean }) {
  const active = useAppStore((s) => s.mainView === 'spend')
  const open = useAppStore((s) => s.openSpendView)
  return (
    <li>
      <Tooltip label="Spend" side="right" off={!collapsed}>
        <button
          type="button"
          className="nav-item"
          aria-current={active ? 'page' : undefined}
          aria-label={collapsed ? 'Spend' : undefined}
          data-testid="nav-spend"
          onClick={open}
        >
          <span className="nav-icon">
            <ChartIcon />
          </span>
          <span className="nav-label">Spend</span>
          <span className="nav-count" />
        </button>
      </Tooltip>
    </li>
  )
}

/** The Prompts view: every past prompt, to sort, filter and use again. */
function PromptsNavItem({ collapsed }: { collapsed: boolean }) {
  const active = useAppStore((s) => s.mainView === 'prompts')
  const open = useAppStore((s) => s.openPromptsView)
  return (
    <li>
      <button
        type="button"
        className="nav-item"
        aria-current={active ? 'page' : undefined}
        aria-label={collapsed ? 'Prompts' : undefined}
        title={collapsed ? 'Prompts' : undefined}
        data-testid="nav-prompts"
        onClick={open}
      >
        <span className="nav-icon">
          <PromptsIcon />
        </span>
        <span className="nav-label">Prompts</span>
        <span className="nav-count" />
      </button>
    </li>
  )
}

export function Sidebar() {
  const collapsed = useAppStore((s) => s.sidebarCollapsed)
  const toggleSidebar = useAppStore((s) => s.toggleSidebar)
  const openDialog = useAppStore((s) => s.openDialog)

  return (
    <aside className="sidebar" data-testid="sidebar" data-collapsed={collapsed} aria-label="Sidebar">
      <div className="sidebar-top">
        <div className="brand">
          <LogoMark />
          <span className="brand-name">Imagine Studio</span>
        </div>
        <Tooltip label={collapsed ? 'Expand sidebar' : 'Collapse sidebar'} side="right">
          <button
            type="button"
            className="icon-button sidebar-toggle"
            data-testid="sidebar-toggle"
            aria-label={collapsed ? 'Expand sidebar' : 'Collapse sidebar'}
            aria-expanded={!collapsed}
            onClick={toggleSidebar}
          >
            <SidebarIcon />
          </button>
        </Tooltip>
      </div>

      <nav className="sidebar-nav" aria-label="Library">
        <h2 className="sidebar-heading">Library</h2>
        <ul className="nav-list">
          {NAV.map((item) => (
            <NavItem key={item.section} section={item.section} icon={item.icon} collapsed={collapsed} />
          ))}
          <PromptsNavItem collapsed={collapsed} />
          <SpendNavItem collapsed={collapsed} />
        </ul>

        <h2 className="sidebar-heading">Saved searches</h2>
        <SavedSearchList collapsed={collapsed} />

        <h2 className="sidebar-heading">Collections</h2>
        <CollectionList collapsed={collapsed} />

        {/* An icon rail has no room for tag names: tags show in the expanded sidebar only. */}
        {collapsed ? null : (
          <>
            <h2 className="sidebar-heading">Tags</h2>
            <TagList />
          </>
        )}
      </nav>

      <div className="sidebar-footer">
        <ApiKeyPill collapsed={collapsed} />
        <div className="sidebar-footer-row">
          <Tooltip label="Settings" side="right" off={!collapsed}>
            <button
              type="button"
              className="footer-button"
              data-testid="settings-button"
              aria-label={collapsed ? 'Settings' : undefined}
              onClick={() => openDialog('settings')}
            >
              <SettingsIcon />
              <span className="footer-label">Settings</span>
            </button>
          </Tooltip>
          <Tooltip label="About" side="right" off={!collapsed}>
            <button
              type="button"
              className="footer-button footer-about"
              data-testid="about-button"
              aria-label={collapsed ? 'About' : undefined}
              onClick={() => openDialog('about')}
            >
              <InfoIcon />
              <span className="footer-label">About</span>
            </button>
          </Tooltip>
        </div>
      </div>
    </aside>
  )
}
