/** Folders init and compile never list (tool state, environments, dependencies of other languages). */
export const SKIPPED_FOLDERS = ['.git', '.hg', '.svn', '.venv', 'venv', 'env', '__pycache__', '.ipynb_checkpoints', 'node_modules', '.tox', '.nox', 'build', 'dist', 'site-packages'];
