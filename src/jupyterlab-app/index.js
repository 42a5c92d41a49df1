// The app's entry point: load the styles of the extensions listed in package.json, then start
// JupyterLab with those extensions. rspack bundles this file (rspack.config.js).

import { JupyterLab } from '@jupyterlab/application';
import { PageConfig } from '@jupyterlab/coreutils';

// Chunks and assets are served from the server's static URL, which is known only at run time.
// eslint-disable-next-line no-undef
__webpack_public_path__ = PageConfig.getOption('fullStaticUrl') + '/';

// build/style.js imports every extension's CSS; @jupyter/builder writes it from package.json.
const styles = import('./build/style.js');

// Keep these in step with "jupyterlab.extensions" in package.json (the build copies the settings
// schemas and themes of the packages named there). Each package's default export is its plugins.
const extensions = [
  import('@jupyter-widgets/jupyterlab-manager'),
  import('@jupyterlab/application-extension'),
  import('@jupyterlab/apputils-extension'),
  import('@jupyterlab/celltags-extension'),
  import('@jupyterlab/codemirror-extension'),
  import('@jupyterlab/completer-extension'),
  import('@jupyterlab/console-extension'),
  import('@jupyterlab/docmanager-extension'),
  import('@jupyterlab/documentsearch-extension'),
  import('@jupyterlab/filebrowser-extension'),
  // No language server runs here: leave out the plugins that would look for one.
  import('@jupyterlab/fileeditor-extension').then(withoutLanguageServer),
  import('@jupyterlab/help-extension'),
  import('@jupyterlab/imageviewer-extension'),
  import('@jupyterlab/inspector-extension'),
  import('@jupyterlab/launcher-extension'),
  import('@jupyterlab/mainmenu-extension'),
  import('@jupyterlab/markdownviewer-extension'),
  import('@jupyterlab/markedparser-extension'),
  import('@jupyterlab/mathjax-extension'),
  import('@jupyterlab/metadataform-extension'),
  import('@jupyterlab/notebook-extension').then(withoutLanguageServer),
  import('@jupyterlab/rendermime-extension'),
  import('@jupyterlab/running-extension'),
  import('@jupyterlab/settingeditor-extension'),
  import('@jupyterlab/shortcuts-extension'),
  import('@jupyterlab/statusbar-extension'),
  import('@jupyterlab/theme-dark-extension'),
  import('@jupyterlab/theme-light-extension'),
  import('@jupyterlab/toc-extension'),
  import('@jupyterlab/tooltip-extension'),
  import('@jupyterlab/translation-extension'),
  import('@jupyterlab/ui-components-extension')
];

// Renderers for output MIME types ("jupyterlab.mimeExtensions" in package.json).
const mimeExtensions = [import('@jupyterlab/json-extension')];

function withoutLanguageServer(module) {
  return module.default.filter(({ id }) => !id.includes(':language-server'));
}

window.addEventListener('load', async () => {
  await styles;
  const lab = new JupyterLab({ mimeExtensions: await Promise.all(mimeExtensions) });
  lab.registerPluginModules(await Promise.all(extensions));
  // The browser test reads notebooks through the app, as JupyterLab's own tests do; the server
  // sets this only when asked (serve.py --expose-app).
  if (PageConfig.getOption('exposeAppInBrowser') === 'true') {
    window.jupyterapp = lab;
  }
  await lab.start();
  await lab.restored;
});
