// Bundle index.js and the extensions it imports into build/static/, and copy the extensions'
// settings schemas and themes into build/schemas/ and build/themes/, where serve.py serves them.
const path = require('path');
const rspack = require('@rspack/core');
const { Build } = require('@jupyter/builder');
const svgToDataUri = require('mini-svg-data-uri');
const pkg = require('./package.json');

const out = path.resolve(__dirname, 'build');

// Writes build/style.js (the extensions' CSS imports) and the schemas now; returns one more
// rspack configuration per theme, which extracts the theme's CSS.
const themeConfigs = Build.ensureAssets({
  packageNames: [...pkg.jupyterlab.extensions, ...pkg.jupyterlab.mimeExtensions],
  output: out
});

// Writes build/bundled-packages.txt: the npm packages (name@version) with code in the bundle, one per
// line, from which the NOTICE section is generated (notice.mjs).
class BundledPackagesPlugin {
  apply(compiler) {
    compiler.hooks.afterEmit.tap('BundledPackagesPlugin', (compilation) => {
      const found = new Set();
      for (const module of compilation.modules) {
        const file = module.resource || module.rootModule?.resource;
        if (!file) continue;
        // The innermost node_modules/<name> or node_modules/@scope/<name> in the path.
        const m = /.*node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)/.exec(file);
        if (!m) continue;
        const dir = file.slice(0, m.index + m[0].length);
        const { name, version } = require(path.join(dir, 'package.json'));
        found.add(`${name}@${version}`);
      }
      require('fs').writeFileSync(path.join(out, 'bundled-packages.txt'), [...found].sort().join('\n') + '\n');
    });
  }
}

const app = {
  mode: 'production',
  entry: './index.js',
  output: { path: path.join(out, 'static'), filename: 'bundle.js', chunkFilename: '[name].[contenthash].js' },
  bail: true,
  devtool: false,
  // A 46 MB bundle is what a full Lab is; the hints would only repeat that.
  performance: { hints: false },
  module: {
    rules: [
      // Some @jupyter/web-components modules import without file extensions (environment.md, trap 2).
      { test: /\.m?js$/, resolve: { fullySpecified: false } },
      { test: /\.css$/, use: ['style-loader', 'css-loader'], type: 'javascript/auto' },
      { test: /\.raw\.css$/, type: 'asset/source' },
      { test: /\.md$/, type: 'asset/source' },
      { test: /\.html$/, type: 'asset/resource' },
      { test: /\.(jpg|png|gif)$/, type: 'asset/resource' },
      { test: /\.(woff2?|ttf)(\?v=\d+\.\d+\.\d+)?$/, type: 'asset' },
      { test: /\.eot(\?v=\d+\.\d+\.\d+)?$/, type: 'asset/resource' },
      // An SVG referenced from CSS becomes a data URI; one imported by JavaScript is its source text
      // (JupyterLab's icons are built from it).
      {
        test: /\.svg(\?v=\d+\.\d+\.\d+)?$/,
        issuer: /\.css$/,
        type: 'asset/inline',
        generator: { dataUrl: { content: (source) => svgToDataUri(source.content), mimetype: 'image/svg+xml' } }
      },
      { test: /\.svg(\?v=\d+\.\d+\.\d+)?$/, issuer: /\.js$/, type: 'asset/source' }
    ]
  },
  plugins: [
    // Some packages call process.cwd() (the path polyfill, for one).
    new rspack.DefinePlugin({ process: { cwd: () => '/', env: {} } }),
    new BundledPackagesPlugin()
  ]
};

module.exports = [app, ...themeConfigs];
