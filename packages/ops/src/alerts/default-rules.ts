// The alert rules a project starts with (interface.md §9), as YAML text a user can copy and
// edit; each threshold's source is in a comment beside it.
import { parseAlertRules, type AlertRule } from './rules.js';

export const DEFAULT_ALERT_RULES = `# aidc default alert rules. expr is aidc's expression language (docs/operations.md,
# "Telemetry and alerts"); the rule fires when expr op threshold (op defaults to >) has held
# for forMinutes.
rules:
  # XIDs by class (packages/ops/src/telemetry/xid-classes.json: NVIDIA, "Xid Errors",
  # "Analyzing Xid Errors with the Xid Catalog", Table 1, as of R570, 2025). xid() fires on a
  # new XID code in the last 10 minutes, so threshold 0 means "any"; the gauge holding the last
  # code after recovery does not re-fire.
  - name: xid_application
    expr: xid(DCGM_FI_DEV_XID_ERRORS)
    xidClasses: [application]
    threshold: 0
    forMinutes: 0
    severity: info
  - name: xid_memory
    expr: xid(DCGM_FI_DEV_XID_ERRORS)
    xidClasses: [memory]
    threshold: 0
    forMinutes: 0
    severity: critical
  - name: xid_interconnect
    expr: xid(DCGM_FI_DEV_XID_ERRORS)
    xidClasses: [interconnect]
    threshold: 0
    forMinutes: 0
    severity: critical
  - name: xid_hardware
    expr: xid(DCGM_FI_DEV_XID_ERRORS)
    xidClasses: [hardware]
    threshold: 0
    forMinutes: 0
    severity: critical
  - name: xid_driver
    expr: xid(DCGM_FI_DEV_XID_ERRORS)
    xidClasses: [driver]
    threshold: 0
    forMinutes: 0
    severity: warning

  # GPU temperature. 87 °C is the H100 SXM5's "GPU Max Operating Temp" and 89 °C its
  # "GPU Slowdown Temp" (the clocks drop), as nvidia-smi -q reports them for an NVIDIA H100
  # 80GB HBM3, driver 550, "Temperature" section (measured); other GPUs report their own
  # limits there (DCGM fields 152 DCGM_FI_DEV_GPU_MAX_OP_TEMP, 151 DCGM_FI_DEV_MEM_MAX_OP_TEMP).
  - name: gpu_temperature_high
    expr: DCGM_FI_DEV_GPU_TEMP
    op: '>='
    threshold: 87
    forMinutes: 5
    severity: warning
  - name: gpu_temperature_slowdown
    expr: DCGM_FI_DEV_GPU_TEMP
    op: '>='
    threshold: 89
    forMinutes: 1
    severity: critical
  # HBM: 95 °C is the H100 SXM5's "Memory Max Operating Temp" (same nvidia-smi -q source,
  # measured).
  - name: hbm_temperature_high
    expr: DCGM_FI_DEV_MEMORY_TEMP
    op: '>='
    threshold: 95
    forMinutes: 5
    severity: warning

  # Rack power. rack_power_fraction is measured rack power over the rack's design load
  # (powerLimitKW); 0.8 leaves a fifth of it in hand (estimate, the same fraction NFPA 70
  # NEC 2023 210.20(A) lets a continuous load take of a breaker).
  - name: rack_power_high
    expr: rack_power_fraction
    threshold: 0.8
    forMinutes: 5
    severity: warning
  # feed_power_fraction is the rack's power over the usable capacity of one side's feeds (the
  # 2N failover load; capacity already derated to 80 % per NEC 210.20(A) in the inventory).
  # Above 0.8 the failover margin is thin (estimate); above 1 losing the other side would
  # overload this one (datasheet: the breaker's continuous rating).
  - name: feed_failover_margin_low
    expr: feed_power_fraction
    threshold: 0.8
    forMinutes: 5
    severity: warning
  - name: feed_failover_overload
    expr: feed_power_fraction
    threshold: 1
    forMinutes: 1
    severity: critical

  # Stale telemetry: no GPU sample for 5 minutes, Prometheus's default lookback after which a
  # series counts as gone (prometheus.io, "Querying basics", "Staleness": 5 minutes).
  - name: telemetry_stale
    expr: stale(DCGM_FI_DEV_GPU_UTIL)
    threshold: 5
    forMinutes: 0
    severity: warning

  # Inlet air: ASHRAE TC 9.9, "Thermal Guidelines for Data Processing Environments", 5th ed.
  # (2021), Table 2.1: the recommended envelope for classes A1-A4 is 18-27 °C dry bulb
  # (datasheet). The BMC's inlet sensor name varies by vendor; edit the matcher to yours.
  - name: inlet_temperature_high
    expr: ipmi_temperature_celsius{name=~".*[Ii]nlet.*"}
    threshold: 27
    forMinutes: 10
    severity: warning
  - name: inlet_temperature_low
    expr: ipmi_temperature_celsius{name=~".*[Ii]nlet.*"}
    op: '<'
    threshold: 18
    forMinutes: 10
    severity: info

  # ECC: any double-bit (uncorrectable) error is one too many: NVIDIA, "NVIDIA GPU Memory Error
  # Management" (docs.nvidia.com/deploy/a100-gpu-mem-error-mgmt): an uncorrectable error ends
  # the application and the GPU needs a reset (datasheet). The DBE counter is off in
  # dcgm-exporter's default list; enable DCGM_FI_DEV_ECC_DBE_VOL_TOTAL to use this rule.
  - name: ecc_dbe
    expr: increase(DCGM_FI_DEV_ECC_DBE_VOL_TOTAL[10m])
    threshold: 0
    forMinutes: 0
    severity: critical
  # A failed row remap: the GPU is out of spare rows (dcgm_fields.h field 395; NVIDIA Xid
  # catalog, Xid 64: RESET_GPU then CONTACT_SUPPORT).
  - name: row_remap_failure
    expr: DCGM_FI_DEV_ROW_REMAP_FAILURE
    threshold: 0
    forMinutes: 0
    severity: critical
`;

/** DEFAULT_ALERT_RULES parsed. */
export function defaultAlertRules(): readonly AlertRule[] {
  const r = parseAlertRules(DEFAULT_ALERT_RULES);
  if (!r.ok) throw new Error(`DEFAULT_ALERT_RULES is invalid: ${JSON.stringify(r.issues[0])}`);
  return r.rules;
}
