/** A horizontal progress bar (0–100 %), announced to screen readers. */
export function ProgressBar({ percent, label }: { percent: number; label: string }) {
  return (
    <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} aria-label={label}>
      <div style={{ width: `${percent}%` }} />
    </div>
  );
}
