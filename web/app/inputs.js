// Turning drops and pickers into a sorted list of { name, file }. Folders are walked.
async function readAllEntries(reader) {
  const out = [];
  while (true) {
    const batch = await new Promise((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) return out;
    out.push(...batch);
  }
}

async function walkEntry(entry, out) {
  if (entry.isFile) {
    const file = await new Promise((resolve, reject) => entry.file(resolve, reject));
    out.push({ name: entry.fullPath.replace(/^\//, ''), file });
  } else if (entry.isDirectory) {
    for (const child of await readAllEntries(entry.createReader())) await walkEntry(child, out);
  }
}

export async function filesFromDrop(dataTransfer) {
  const out = [];
  const entries = [...dataTransfer.items]
    .filter((i) => i.kind === 'file')
    .map((i) => (i.webkitGetAsEntry ? i.webkitGetAsEntry() : null));
  if (entries.every(Boolean)) {
    for (const entry of entries) await walkEntry(entry, out);
  } else {
    for (const file of dataTransfer.files) out.push({ name: file.name, file });
  }
  return sortByName(out);
}

export function filesFromInput(input) {
  return sortByName([...input.files].map((file) => ({ name: file.webkitRelativePath || file.name, file })));
}

export function sortByName(list) {
  return list.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

// The synthetic sample capture, served beside the page (sample/manifest.json lists its files).
export async function sampleFiles() {
  const manifest = await (await fetch('sample/manifest.json')).json();
  const out = [];
  for (const name of manifest.files) {
    const blob = await (await fetch(`sample/${name}`)).blob();
    out.push({ name: `sample/${name}`, file: new File([blob], name) });
  }
  return out;
}
