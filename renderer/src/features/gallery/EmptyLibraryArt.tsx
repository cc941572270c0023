/** The empty-library illustration: two photo frames and a spark, themed by CSS variables. */
export function EmptyLibraryArt() {
  return (
    <svg className="empty-art" width="168" height="124" viewBox="0 0 168 124" aria-hidden="true" focusable="false">
      <ellipse className="art-shadow" cx="84" cy="112" rx="62" ry="7" />
      <g transform="rotate(-8 58 64)">
        <rect className="art-card art-card-back" x="22" y="26" width="72" height="76" rx="10" />
        <rect className="art-well" x="30" y="34" width="56" height="44" rx="6" />
        <rect className="art-line" x="30" y="86" width="34" height="5" rx="2.5" />
      </g>
      <g transform="rotate(6 106 60)">
        <rect className="art-card" x="66" y="18" width="80" height="86" rx="10" />
        <rect className="art-well" x="75" y="27" width="62" height="52" rx="6" />
        <circle className="art-sun" cx="121" cy="42" r="6" />
        <path className="art-hill-far" d="M75 79V66l16-14 14 12 8-6 24 21z" />
        <path className="art-hill" d="M75 79V71l22-16 20 16 20-10v18z" />
        <rect className="art-line" x="75" y="88" width="40" height="5" rx="2.5" />
      </g>
      <path
        className="art-spark"
        d="M142 6 145 14.5 153.5 17.5 145 20.5 142 29 139 20.5 130.5 17.5 139 14.5z"
      />
      <path className="art-spark art-spark-small" d="M24 10 25.6 14.4 30 16 25.6 17.6 24 22 22.4 17.6 18 16 22.4 14.4z" />
    </svg>
  )
}
