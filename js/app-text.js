// An app of a PCAPdroid capture as the report shows it, e.g. "Example Sync (com.example.sync,
// uid 10234)": the page, the HTML export and (in C++) the text report say it the same way.
export function appText(app) {
  const shown = app.name || app.package || 'unnamed app';
  const detail = app.package && app.package !== shown ? `${app.package}, ` : '';
  return `${shown} (${detail}uid ${app.uid})`;
}

export function appList(apps) {
  return (apps ?? []).map(appText).join('; ');
}
