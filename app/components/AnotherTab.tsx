/** Full-page notice for a second tab: the cluster's files belong to the first tab. */
export function AnotherTab() {
  return (
    <div className="another-tab" data-testid="another-tab">
      <div className="card" role="alert">
        <h1>This playground is open in another tab</h1>
        <p>
          The cluster&apos;s files live in this browser&apos;s private storage (OPFS), and only one tab can run the
          three OBServers at a time. Close the other tab, then reload this one.
        </p>
        <button className="btn primary" onClick={() => location.reload()}>
          Reload
        </button>
      </div>
    </div>
  );
}
