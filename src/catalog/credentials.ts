/**
 * Files people keep next to a project that hold credentials, and the .dockerignore patterns that keep
 * them out of the build context at any depth (`**` as Docker's matcher reads it:
 * https://docs.docker.com/build/concepts/context/#dockerignore-files). Each entry has an example path,
 * used to tell when a project.ignore `!` line brings one back. Checked 2026-12-02 against each tool's
 * documented default file: pip (pip.conf / pip.ini, https://pip.pypa.io/en/stable/topics/configuration/),
 * netrc (used by pip, requests, curl), twine/setuptools (.pypirc), conda (.condarc), Poetry
 * (auth.toml, https://python-poetry.org/docs/repositories/#configuring-credentials), OpenSSH keys,
 * the AWS CLI (~/.aws/credentials), Docker (~/.docker/config.json), kubectl (kubeconfig, ~/.kube/config),
 * git's credential store (.git-credentials), dotenv files and cloud service-account key files.
 */
export const CREDENTIAL_FILES: readonly { pattern: string; example: string; what: string }[] = [
  { pattern: '.env', example: '.env', what: 'a dotenv file' },
  { pattern: '**/.env', example: 'app/.env', what: 'a dotenv file' },
  { pattern: '.env.*', example: '.env.production', what: 'a dotenv file' },
  { pattern: '**/.env.*', example: 'config/.env.local', what: 'a dotenv file' },
  { pattern: '**/*.env', example: 'uv-credentials.env', what: 'a NAME=value credentials file' },
  { pattern: 'secrets', example: 'secrets/jupyter_token', what: 'the secrets folder compose reads' },
  { pattern: '**/secrets', example: 'deploy/secrets/db_password', what: 'a secrets folder' },
  { pattern: '**/*.pem', example: 'certs/server.pem', what: 'a PEM key or certificate' },
  { pattern: '**/*.key', example: 'tls/server.key', what: 'a private key' },
  { pattern: '**/id_rsa*', example: 'deploy/id_rsa', what: 'an SSH key' },
  { pattern: '**/id_ecdsa*', example: 'id_ecdsa', what: 'an SSH key' },
  { pattern: '**/id_ed25519*', example: 'id_ed25519', what: 'an SSH key' },
  { pattern: '**/.ssh', example: '.ssh/config', what: 'an SSH folder' },
  { pattern: '**/pip.conf', example: 'pip.conf', what: "pip's configuration (index credentials)" },
  { pattern: '**/pip.ini', example: 'pip.ini', what: "pip's configuration (index credentials)" },
  { pattern: '**/.netrc', example: '.netrc', what: 'a netrc file (HTTP credentials)' },
  { pattern: '**/_netrc', example: '_netrc', what: 'a netrc file (HTTP credentials)' },
  { pattern: '**/.pypirc', example: '.pypirc', what: 'an upload token file' },
  { pattern: '**/.condarc', example: '.condarc', what: "conda's configuration (channel credentials)" },
  { pattern: '**/auth.toml', example: 'auth.toml', what: "Poetry's credentials file" },
  { pattern: '**/.git-credentials', example: '.git-credentials', what: "git's credential store" },
  { pattern: '**/.aws', example: '.aws/credentials', what: 'AWS credentials' },
  { pattern: '**/.docker/config.json', example: '.docker/config.json', what: 'Docker registry credentials' },
  { pattern: '**/.kube', example: '.kube/config', what: 'a Kubernetes configuration' },
  { pattern: '**/kubeconfig', example: 'kubeconfig', what: 'a Kubernetes configuration' },
  // Every name that contains "credentials" and does not end in ".py": Python sources named like a
  // credentials file are code the app imports (`app/credentials.py`), not secrets, and must reach the
  // image. Written without a `!` exception line, so that no line of the baseline can bring back a file
  // an earlier line excludes (the .gitignore lines come first: dockerignore-lines.ts). Zero, one or two
  // characters after the name, or more that do not end in ".py" (not "y", "y" after a character other
  // than "p", "py" after a character other than ".").
  { pattern: '**/*credentials', example: 'aws-credentials', what: 'a credentials file' },
  { pattern: '**/*credentials?', example: 'credentials1', what: 'a credentials file' },
  { pattern: '**/*credentials??', example: 'credentials_1', what: 'a credentials file' },
  { pattern: '**/*credentials*[^y]', example: 'gcp-credentials.json', what: 'a credentials file' },
  { pattern: '**/*credentials*[^p]y', example: 'credentials.key', what: 'a credentials file' },
  { pattern: '**/*credentials*[^.]py', example: 'credentials.copy', what: 'a credentials file' },
];
