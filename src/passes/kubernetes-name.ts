/**
 * A Kubernetes object name derived from pyenvc's `name` (^[a-z0-9][a-z0-9._-]{0,62}$): each run of
 * `.`, `_` and `-` becomes one `-`, and `-` is trimmed from both ends, so `my_app.v2` → `my-app-v2`.
 * Out: a DNS-1035 label (Services require it, and it is also a valid DNS-1123 label/subdomain for
 * Deployments, Jobs, PVCs, container and port-less names:
 * https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#rfc-1035-label-names), or
 * undefined when the result would start with a digit, which no mechanical rule can fix (PYENV245).
 */
export function kubernetesName(name: string): string | undefined {
  const derived = name.replace(/[._-]+/g, '-').replace(/^-+|-+$/g, '');
  return isDns1035Label(derived) ? derived : undefined;
}

/** True for a DNS-1035 label: `[a-z]([-a-z0-9]*[a-z0-9])?`, at most 63 characters (apimachinery validation.IsDNS1035Label). */
export function isDns1035Label(value: string): boolean {
  return value.length <= 63 && /^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(value);
}

/** `value` cut to at most `max` characters without a trailing `-`, for names built from a prefix and a suffix. */
export function boundedLabel(value: string, max = 63): string {
  return value.slice(0, max).replace(/-+$/, '');
}
