/**
 * The network fault panel (issue #4 item 5): choose two servers or two zones, a direction, and
 * Cut / Heal / Delay (ms) / Loss (%); below, the active link faults with a Heal button each and
 * Heal all. Faults are the host's (`useNetworkStore`), applied to the same fault model as the
 * simulator's network; the engine's events report them on the timeline.
 */
import { useState } from 'react';
import { endpointKey, LINK_DELAY_MS_MAX, parseEndpoint, planNetworkAction, type HostCall, type NetworkAction } from '../format/network';
import { describeLinkEffect, describeLinkEnds, linkViews } from '../format/topology';
import { cutLink, cutZones, healAll, healLink, healZones, setLinkFault } from '../host/playground';
import { useNetworkStore } from '../state/networkStore';
import { setNetworkOpen } from '../state/uiStore';

function run(call: HostCall): void {
  switch (call.fn) {
    case 'cutZones':
      return cutZones(call.zoneA, call.zoneB, call.oneWay);
    case 'healZones':
      return healZones(call.zoneA, call.zoneB);
    case 'cutLink':
      return cutLink(call.a, call.b, call.oneWay);
    case 'healLink':
      return healLink(call.a, call.b);
    case 'setLinkFault':
      return setLinkFault(call.fault);
  }
}

export function NetworkPanel({ servers, zones, name }: { servers: { serverId: number; zone: string }[]; zones: string[]; name: (id: number) => string }) {
  const faults = useNetworkStore((s) => s.faults);
  const [a, setA] = useState(zones[0] ? `zone:${zones[0]}` : '');
  const [b, setB] = useState(zones[1] ? `zone:${zones[1]}` : '');
  const [oneWay, setOneWay] = useState(false);
  const [delayMs, setDelayMs] = useState(200);
  const [lossPct, setLossPct] = useState(20);
  const [error, setError] = useState<string | null>(null);
  const options = [
    ...zones.map((z) => ({ key: endpointKey({ kind: 'zone', zone: z }), label: `zone ${z} (all its servers)` })),
    ...servers.map((s) => ({ key: endpointKey({ kind: 'server', serverId: s.serverId }), label: `${name(s.serverId)} (${s.zone})` })),
  ];
  const act = (action: NetworkAction, value = 0) => {
    const ea = parseEndpoint(a);
    const eb = parseEndpoint(b);
    if (!ea || !eb) return setError('Choose both ends.');
    const plan = planNetworkAction(ea, eb, oneWay, action, value, servers, faults);
    if ('error' in plan) return setError(plan.error);
    setError(null);
    try {
      for (const c of plan.calls) run(c);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  const links = linkViews(faults);
  return (
    <section className="network-panel" data-testid="network-panel" aria-label="Network faults">
      <div className="net-head">
        <b>Network</b>
        <span className="hint">cut, slow down or drop messages between two servers or zones</span>
        <button className="btn small" onClick={() => setNetworkOpen(false)} title="Close the network panel">
          ✕
        </button>
      </div>
      <div className="net-form">
        <EndpointSelect label="from" testId="net-a" value={a} options={options} onChange={setA} />
        <EndpointSelect label="to" testId="net-b" value={b} options={options} onChange={setB} />
        <label>
          <select className="select" data-testid="net-direction" value={oneWay ? 'one' : 'both'} onChange={(e) => setOneWay(e.target.value === 'one')}>
            <option value="both">⇄ both ways</option>
            <option value="one">→ one way (from → to)</option>
          </select>
        </label>
      </div>
      <div className="net-actions">
        <button className="btn small danger" data-testid="net-cut" onClick={() => act('cut')} title="Drop every message on the link">
          ✂ Cut
        </button>
        <button className="btn small" data-testid="net-heal" onClick={() => act('heal')} title="Remove every fault on the link">
          Heal
        </button>
        <span className="net-value">
          <input
            type="number"
            min={0}
            max={LINK_DELAY_MS_MAX}
            step={50}
            value={delayMs}
            aria-label="Delay in ms"
            data-testid="net-delay-ms"
            onChange={(e) => setDelayMs(Number(e.target.value))}
          />
          &nbsp;ms
          <button className="btn small" data-testid="net-delay" onClick={() => act('delay', delayMs)} title="Hold each message this long (simulated clock)">
            ◷ Delay
          </button>
        </span>
        <span className="net-value">
          <input
            type="number"
            min={0}
            max={100}
            step={5}
            value={lossPct}
            aria-label="Loss in percent"
            data-testid="net-loss-pct"
            onChange={(e) => setLossPct(Number(e.target.value))}
          />
          &nbsp;%
          <button className="btn small" data-testid="net-loss" onClick={() => act('loss', lossPct)} title="Drop this share of the messages">
            ⚠ Loss
          </button>
        </span>
      </div>
      {error && (
        <div className="error-message" role="alert">
          {error}
        </div>
      )}
      <FaultList links={links} name={name} />
    </section>
  );
}

/** The active link faults, each with Heal, and Heal all. */
function FaultList({ links, name }: { links: ReturnType<typeof linkViews>; name: (id: number) => string }) {
  if (links.length === 0) return <div className="hint" data-testid="fault-list-empty">No network faults: every link delivers at once. Pick two ends above and Cut, Delay or Loss.</div>;
  return (
    <div className="fault-list" data-testid="fault-list">
      <ul>
        {links.map((l) => (
          <li key={`${l.a}-${l.b}-${l.oneWay}`} data-testid={`fault-${l.a}-${l.b}`}>
            <span className="fault-ends">{describeLinkEnds(l, name)}</span> <span className="fault-effect">{describeLinkEffect(l)}</span>{' '}
            <button className="btn small" onClick={() => void healLink(l.a, l.b)} title="Heal this link (both ways)">
              Heal
            </button>
          </li>
        ))}
      </ul>
      <button className="btn small primary" data-testid="heal-all" onClick={() => void healAll()}>
        Heal all
      </button>
    </div>
  );
}

/** One end of a link: a zone or a server. */
function EndpointSelect(props: { label: string; testId: string; value: string; options: { key: string; label: string }[]; onChange: (key: string) => void }) {
  return (
    <label>
      {props.label}{' '}
      <select className="select" data-testid={props.testId} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
        {props.options.map((o) => (
          <option key={o.key} value={o.key}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}
