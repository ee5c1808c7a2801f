/** A call that fails with the given errors, in order, then resolves with 'ok'; `calls()` counts the calls made. */
export function failingCall(...errors: Error[]) {
  let calls = 0;
  const fn = async () => {
    const error = errors[calls++];
    if (error) throw error;
    return 'ok';
  };
  return { fn, calls: () => calls };
}
