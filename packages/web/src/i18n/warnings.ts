// A plan warning in the reader's language. Core builds each warning's message in English with its
// figures inside (packages/core/src/warnings.ts lists the codes; each stage builds its own
// sentence), so the Chinese text is made by reading the figures back out of the English sentence
// with a pattern per message shape and putting them into the catalog's sentence. A message whose
// shape has changed (a pattern no longer matches) is shown in English beside its code's
// translated title, never lost or guessed at.
import type { Plan } from '@aidc/core';
import type { I18n } from './index.js';
import { en, type MessageKey } from './messages.js';

type PlanWarning = Plan['warnings'][number];
type Groups = Record<string, string>;
type T = I18n['t'];

interface Shape {
  readonly re: RegExp;
  /** The sentence in the catalog's language, or undefined when a fragment has no translation. */
  readonly render: (g: Groups, t: T) => string | undefined;
}

/** One English fragment of a message to its catalog key, or undefined (then the shape fails). */
const pick = (t: T, value: string | undefined, keys: Record<string, MessageKey>) => {
  const key = value === undefined ? undefined : keys[value];
  return key === undefined ? undefined : t(key);
};

const NAME = String.raw`(?<name>[^:]+): `;
const N = String.raw`[\d.,]+`;
/** The scopes of the PUE limits in the facility catalog, with a hub cluster's suffix. */
const SCOPE = String.raw`(?<scope>(?:new data centres|new large and very large data centres|data centres entering service from 1 July 2026)(?: in the (?:eastern national computing hub|western national computing hub|national computing hub node) \([A-Z]{2}-[A-Z0-9]+\))?)`;
/** The liquid-cooling fix core appends to a PUE-limit warning of an air-cooled design. */
const LIQUID_FIX = String.raw`(?: \(liquid cooling designs for (?<liquid>${N}) in a (?<climate>cold|temperate|hot) climate\))?`;

/** What bounds a generic network's serving batch (core's GENERIC_SERVING_BOUNDS). */
const SERVING_BOUNDS: Record<string, MessageKey> = {
  compute: 'plan.gi.bound.compute',
  'memory-bandwidth': 'plan.gi.bound.memory-bandwidth',
  embeddings: 'plan.gi.bound.embeddings',
};

/** Every message shape core builds, by code (the order of each list is the order tried). Keyed by
 *  string, not WarningCode: a code core adds later falls back to English until it is added here
 *  (a unit test lists the codes of core's WARNING_CODES that have no shape or title). */
export const SHAPES: Readonly<Record<string, readonly Shape[]>> = {
  'deadline-sized': [
    {
      re: new RegExp(
        `^${NAME}sized to (?<gpus>${N}) GPUs to finish within (?<days>${N}) days(?<basis>, expected interruptions included| at steady speed)$`,
      ),
      render: (g, t) => {
        const basis = pick(t, g['basis'], {
          ', expected interruptions included': 'warnText.basisInterruptions',
          ' at steady speed': 'warnText.basisSteady',
        });
        return basis && t('warnText.deadlineSized', { ...g, basis });
      },
    },
  ],
  'deadline-unreachable': [
    {
      re: new RegExp(
        String.raw`^${NAME}no cluster size finishes within (?<days>${N}) days once expected interruptions are counted \(more GPUs fail more often\); the fastest, (?<gpus>${N}) GPUs, takes (?<actual>${N}) days\. Extend deadlineDays, or give your fleet's own failure rate and restart time \(reliability\.failuresPer1000NodeDays, reliability\.restartMin\) if they are better$`,
      ),
      render: (g, t) => t('warnText.deadlineUnreachable', g),
    },
    {
      re: new RegExp(
        String.raw`^${NAME}no size up to (?<max>${N}) GPUs finishes within (?<days>${N}) days; the fastest, (?<gpus>${N}) GPUs, takes (?<actual>${N}) days \(a larger globalBatchSamples allows more data parallelism\)$`,
      ),
      render: (g, t) => t('warnText.deadlineUnreachableGeneric', g),
    },
  ],
  'deadline-missed': [
    {
      re: new RegExp(`^${NAME}takes (?<days>${N}) days, past the (?<deadline>${N})-day deadline$`),
      render: (g, t) => t('warnText.deadlineMissed', g),
    },
    {
      re: new RegExp(
        String.raw`^${NAME}takes (?<days>${N}) days with expected interruptions \((?<ideal>${N}) at steady speed\), past the (?<deadline>${N})-day deadline$`,
      ),
      render: (g, t) => t('warnText.deadlineMissedGeneric', g),
    },
    {
      re: new RegExp(
        String.raw`^${NAME}meets the (?<deadline>${N})-day deadline at steady speed \((?<ideal>${N}) days\) but not with expected interruptions \((?<days>${N}) days, goodput (?<goodput>${N})%\)$`,
      ),
      render: (g, t) => t('warnText.deadlineMissedInterruptions', g),
    },
  ],
  'batch-rounded': [
    {
      re: new RegExp(`^${NAME}global batch of (?<raw>${N}) sequences rounded to (?<rounded>${N})$`),
      render: (g, t) => t('warnText.batchRounded', g),
    },
  ],
  'unusual-layout': [
    {
      re: new RegExp(
        String.raw`^${NAME}pp (?<pp>\d+) splits (?<layers>\d+) layers unevenly beyond one layer short on the first and last stages; Megatron-Core needs the split given layer by layer \(decoder_first/last_pipeline_num_layers\)$`,
      ),
      render: (g, t) => t('warnText.unevenPipeline', g),
    },
    {
      re: new RegExp(
        String.raw`^${NAME}cp (?<cp>\d+) leaves (?<tokens>${N}) tokens per rank; context parallelism is run for long sequences \((?<min>${N})\+ tokens per rank\)$`,
      ),
      render: (g, t) => t('warnText.shortContextParallel', g),
    },
  ],
  'scale-out-unpublished': [
    {
      re: new RegExp(
        String.raw`^${NAME}(?<gpu>\S+) has no published data-centre network bandwidth; the traffic between its (?<chips>${N})-chip domains is planned at (?<gbps>${N}) Gb/s per chip \(a typical TPU figure\)$`,
      ),
      render: (g, t) => t('warnText.scaleOutUnpublished', g),
    },
  ],
  'searched-settings': [
    {
      re: new RegExp(
        `^${NAME}not given, chosen by the search \\(fastest that fits\\): (?<settings>.+)$`,
      ),
      render: (g, t) => t('warnText.searchedTraining', g),
    },
    {
      re: new RegExp(
        String.raw`^${NAME}(?<layout>.+) chosen by the search \((?<missing>[\w.]+(?: and [\w.]+)*) not given\)$`,
      ),
      render: (g, t) =>
        t('warnText.searchedInference', {
          ...g,
          missing: (g['missing'] ?? '').split(' and ').join('、'),
        }),
    },
    {
      re: new RegExp(
        String.raw`^${NAME}chose (?<settings>.+) \(dp (?<dp>${N}); (?<fit>${N}) layouts fit in memory\); the step is (?<bound>[\w-]+)-bound$`,
      ),
      render: (g, t) => t('warnText.searchedGeneric', g),
    },
    {
      re: new RegExp(
        String.raw`^${NAME}chose batch (?<batch>${N}) of (?<tried>${N}) tried up to (?<max>${N}) \(the largest whose p(?<percentile>\d+) latency, (?<latency>${N}) ms, meets (?<slo>${N}) ms\); the batch is (?<bound>[\w-]+)-bound$`,
      ),
      render: (g, t) => {
        const bound = pick(t, g['bound'], SERVING_BOUNDS);
        return bound && t('warnText.searchedGenericServingSlo', { ...g, bound });
      },
    },
    {
      re: new RegExp(
        String.raw`^${NAME}chose batch (?<batch>${N}) of (?<tried>${N}) tried up to (?<max>${N}); the batch is (?<bound>[\w-]+)-bound$`,
      ),
      render: (g, t) => {
        const bound = pick(t, g['bound'], SERVING_BOUNDS);
        return bound && t('warnText.searchedGenericServing', { ...g, bound });
      },
    },
  ],
  'share-reduced': [
    {
      re: new RegExp(
        String.raw`^${NAME}(?<gpus>${N}) of the (?<share>${N}) GPUs the other workloads leave \(the largest count a layout of its batch divides\)$`,
      ),
      render: (g, t) => t('warnText.shareReduced', g),
    },
  ],
  'over-cluster-gpus': [
    {
      re: new RegExp(
        `^the workloads use (?<used>${N}) GPUs, more than the cluster's (?<cluster>${N})$`,
      ),
      render: (g, t) => t('warnText.overClusterGpus', g),
    },
  ],
  'slo-percentile-ignored': [
    {
      re: new RegExp(
        `^${NAME}offline requests are uniform, so latencies are steady-state values; slo\\.percentile applies to online loads only$`,
      ),
      render: (g, t) => t('warnText.sloPercentileIgnored', g),
    },
  ],
  'requests-ignored': [
    {
      re: new RegExp(
        String.raw`^${NAME}requests counts the requests of a finite offline run; an online load \(requestsPerSecond\) runs without end, so it is ignored$`,
      ),
      render: (g, t) => t('warnText.requestsIgnored', g),
    },
  ],
  'idle-gpus': [
    {
      re: new RegExp(
        String.raw`^${NAME}(?<idle>${N}) of (?<total>${N}) GPUs stay idle \(replicas of (?<layout>.+)\)$`,
      ),
      render: (g, t) => t('warnText.idleGpus', g),
    },
  ],
  'restart-loop': [
    {
      re: new RegExp(
        String.raw`^${NAME}the job fails every (?<mtbf>${N}) min, sooner than its (?<restart>${N})-min restart: about (?<attempts>[\d.,e+]+) restarts fail for each that succeeds, so the run never finishes in useful time; fewer GPUs per job, a faster restart \(reliability\.restartMin\) or a more reliable fleet \(reliability\.failuresPer1000NodeDays\) is needed$`,
      ),
      render: (g, t) => t('warnText.restartLoop', g),
    },
  ],
  'low-goodput': [
    {
      re: new RegExp(
        String.raw`^${NAME}interruptions and checkpoints take (?<lost>${N})% of the run \(goodput (?<goodput>${N})%, MTBF (?<mtbf>${N}) h, (?<restart>${N}) min per restart\); fewer GPUs per job, faster detection and restart \(reliability\.restartMin\) or a more reliable fleet would recover it$`,
      ),
      render: (g, t) => t('warnText.lowGoodput', g),
    },
  ],
  'cluster-not-built': [
    {
      re: /^no server platform for (?<gpu>\S+) in the catalog \(`aidc catalog servers`\); servers, racks, network, power and cooling are left out$/,
      render: (g, t) => t('warnText.noServerPlatform', g),
    },
    {
      re: /^(?<server>.+) has no published power or height figures; racks, network, power and cooling are left out$/,
      render: (g, t) => t('warnText.noServerFigures', g),
    },
  ],
  'cooling-mismatch': [
    {
      re: /^(?<server>.+) is a liquid-cooled system; cluster\.cooling: air cannot remove its heat$/,
      render: (g, t) => t('warnText.coolingMismatch', g),
    },
  ],
  'rack-power-exceeded': [
    {
      re: new RegExp(
        `^one (?<server>.+) draws (?<kw>${N}) kW, more than the (?<limit>${N}) kW (?<cooling>an air|a liquid)-cooled rack takes; (?<advice>use liquid or rear-door cooling|check the rack limit)$`,
      ),
      render: (g, t) => {
        const cooling = pick(t, g['cooling'], {
          'an air': 'warnText.air',
          'a liquid': 'warnText.liquid',
        });
        const advice = pick(t, g['advice'], {
          'use liquid or rear-door cooling': 'warnText.adviceLiquid',
          'check the rack limit': 'warnText.adviceRackLimit',
        });
        return cooling && advice && t('warnText.serverOverRack', { ...g, cooling, advice });
      },
    },
    {
      re: new RegExp(`^racks of (?<kw>${N}) kW exceed air cooling's (?<limit>${N}) kW$`),
      render: (g, t) => t('warnText.rackOverAir', g),
    },
  ],
  'nic-speed-mismatch': [
    {
      re: new RegExp(
        String.raw`^(?<server>.+)'s (?<nic>${N}) Gb/s NICs run (?<fabric>\S+)'s (?<port>${N}) Gb/s switch ports at \k<nic> Gb/s \(split ports\): a \k<port> Gb/s NIC or a \k<nic> Gb/s fabric matches$`,
      ),
      render: (g, t) => t('warnText.nicSlower', g),
    },
    {
      re: new RegExp(
        `^(?<server>.+)'s (?<nic>${N}) Gb/s NICs run at (?<fabric>\\S+)'s (?<port>${N}) Gb/s: half or less of their bandwidth is unused; a \\k<nic> Gb/s fabric matches them$`,
      ),
      render: (g, t) => t('warnText.nicFaster', g),
    },
  ],
  'fabric-tiers': [
    {
      re: new RegExp(
        String.raw`^the (?<ports>${N})-port compute fabric needs (?<tiers>\d+) switch tiers of (?<switch>\S+) \(two tiers reach (?<two>${N}) ports\); a higher-radix switch keeps it flatter$`,
      ),
      render: (g, t) => t('warnText.fabricTiers', g),
    },
  ],
  'spares-own-leaves': [
    {
      re: new RegExp(
        `^the (?<count>${N}) hot spare (?<unit>racks|servers) do not fit the workloads' leaf groups even with a (?<taper>${N}):1 taper, so they get leaves of their own$`,
      ),
      render: (g, t) => {
        const unit = pick(t, g['unit'], {
          racks: 'warnText.spareRacks',
          servers: 'warnText.spareServers',
        });
        return unit && t('warnText.sparesOwnLeaves', { ...g, unit });
      },
    },
  ],
  'fabric-switch-missing': [
    {
      re: /^no switch in the catalog for fabric (?<fabric>\S+); compute fabric left out$/,
      render: (g, t) => t('warnText.fabricSwitchMissing', g),
    },
  ],
  'pue-above-limit': [
    {
      re: new RegExp(
        String.raw`^PUE (?<pue>${N}) is above (?<country>[A-Z]{2})'s limit of (?<max>${N}) for ${SCOPE} \((?<document>.+)\); liquid cooling, economisers or warm-water heat rejection bring it down${LIQUID_FIX}$`,
      ),
      render: (g, t) => {
        const scope = pueScope(t, g['scope']);
        const fix = liquidFix(t, g);
        if (!scope || fix === undefined) return undefined;
        return t('warnText.pueAboveLimit', { ...g, scope }) + fix;
      },
    },
  ],
  'pue-above-hub-limit': [
    {
      re: new RegExp(
        String.raw`^PUE (?<pue>${N}) meets (?<country>[A-Z]{2})'s (?<max>${N}) for ${SCOPE} but not the stricter limits of its national computing hub clusters \(down to (?<hub>${N}); give site\.region to check the site's own\) \((?<document>.+)\)$`,
      ),
      render: (g, t) => {
        const scope = pueScope(t, g['scope']);
        return scope && t('warnText.pueAboveHubLimit', { ...g, scope });
      },
    },
  ],
  'colocation-hosting': [
    {
      re: new RegExp(
        String.raw`^a (?<kw>${N}) kW cluster is hosted, not built for: racks with rack-mount UPS in a colocation hall or machine room, on the host's generators and cooling; the money pays the host's rent per kW of IT \(economics\.prices\.colocationUsdPerKWMonth\)$`,
      ),
      render: (g, t) => t('warnText.colocationRent', g),
    },
    {
      re: new RegExp(
        String.raw`^a (?<kw>${N}) kW cluster is hosted, not built for: racks with rack-mount UPS in a colocation hall or machine room, on the host's generators and cooling \(economics\.colocation: true prices the space\)$`,
      ),
      render: (g, t) => t('warnText.colocation', g),
    },
  ],
  'site-pue-above-limit': [
    {
      re: new RegExp(
        String.raw`^candidate site (?<name>.+?): design PUE (?<pue>${N}) is above the (?<max>${N}) limit for ${SCOPE} \((?<document>.+)\); it is ranked at \k<pue>, but a build there needs a design that meets the limit \(liquid cooling, economisers, warm-water heat rejection, or give the site's pue\)${LIQUID_FIX}$`,
      ),
      render: (g, t) => {
        const scope = pueScope(t, g['scope']);
        const fix = liquidFix(t, g);
        if (!scope || fix === undefined) return undefined;
        return t('warnText.sitePueAboveLimit', { ...g, scope }) + fix;
      },
    },
  ],
  'green-power-below-target': [
    {
      re: new RegExp(
        String.raw`^new data centres in a national computing hub node \((?<region>[A-Z]{2}-[A-Z0-9]+)\) are to draw over (?<min>${N})% of their electricity from green power \((?<document>.+)\); site\.renewableShare is (?<share>${N})%: green-power trades, green certificates \(GEC\) or a PPA for \k<min>% or more meet it, and market-based carbon counts them$`,
      ),
      render: (g, t) => t('warnText.greenPowerBelowTarget', g),
    },
  ],
  'power-cap-exceeded': [
    {
      re: new RegExp(
        `^the facility needs (?<mw>${N}) MW at design load, above the site's (?<cap>${N}) MW cap$`,
      ),
      render: (g, t) => t('warnText.powerCap', g),
    },
  ],
  'power-swing': [
    {
      re: new RegExp(
        String.raw`^the training job swings (?<it>${N}) MW of IT load \((?<facility>${N}) MW with cooling\) about (?<events>${N}) times a day \((?<cause>.+?); Llama 3 reports swings of tens of MW\)(?:; on generators that step is (?<share>${N})% of their rating, above the ~(?<step>${N})% a turbocharged set accepts at once \(ISO 8528-5\))?(?<grid>; the utility will want a ramp and fluctuation study for the interconnection)?; (?<async>asynchronous checkpoints \(reliability\.checkpointSave: async\), )?GPU power smoothing or a minimum power floor, ramped job start and stop, and battery storage at the UPS mitigate it$`,
      ),
      render: (g, t) => {
        const cause = pick(t, g['cause'], {
          'synchronous checkpoints, failures, job start and stop': 'warnText.swingCauseSync',
          'failures, job start and stop (asynchronous checkpoints do not pause the GPUs)':
            'warnText.swingCauseAsync',
        });
        if (!cause) return undefined;
        return [
          t('warnText.swing', { ...g, cause }),
          ...(g['share'] !== undefined ? [t('warnText.swingGenerators', g)] : []),
          ...(g['grid'] !== undefined ? [t('warnText.swingGrid')] : []),
          t('warnText.swingMitigation', {
            async: g['async'] !== undefined ? t('warnText.swingAsync') : '',
          }),
        ].join('；');
      },
    },
  ],
  'tier-value': [
    {
      re: new RegExp(
        String.raw`^Tier (?<tier>I{1,3}V?|IV) buys (?<hours>${N}) hours a year of site availability over Tier II for (?<capex>\$${N}M) more facility capex, while IT failures cost the training run (?<loss>${N})% of its time; a checkpointed training cluster restarts after a site outage like after any failure, so cluster\.tier: II may be the better buy$`,
      ),
      render: (g, t) => t('warnText.tierValue', g),
    },
  ],
  'grid-data-missing': [
    {
      re: new RegExp(
        String.raw`^no grid data for country (?<country>\S+): the world average (?<grid>${N}) gCO2e/kWh is used \(give site\.gridGCO2PerKWh\)$`,
      ),
      render: (g, t) => t('warnText.gridMissing', g),
    },
  ],
  'electricity-price-missing': [
    {
      re: new RegExp(
        String.raw`^no electricity price for country (?<country>\S+): the default \$(?<price>${N})/kWh is used \(give site\.electricityUsdPerKWh\)$`,
      ),
      render: (g, t) => t('warnText.priceMissing', g),
    },
  ],
  'owning-above-rental': [
    {
      re: new RegExp(
        String.raw`^owning costs \$(?<own>${N}) per GPU-hour in use, above the \$(?<rental>${N}) (?<kind>rental price given|market rental): (?:owning breaks even at (?<even>${N})% utilisation \(the plan assumes (?<assumed>${N})%\)|(?<never>no utilisation makes owning cheaper)); the server price \(\$(?<price>${N}) per (?<server>\S+)\) is (?<share>${N})% of capex \(give economics\.prices\.serverUsd\.\k<server> for a quote\)$`,
      ),
      render: (g, t) => {
        const kind = pick(t, g['kind'], {
          'rental price given': 'warnText.rentalGiven',
          'market rental': 'warnText.rentalMarket',
        });
        if (!kind) return undefined;
        const even =
          g['never'] !== undefined ? t('warnText.neverCheaper') : t('warnText.breaksEven', g);
        return t('warnText.owningAboveRental', { ...g, kind, even });
      },
    },
  ],
  'utilization-not-simulated': [
    {
      re: new RegExp(
        String.raw`^economics\.utilization is 'simulated' but no simulation ran for this plan, so the money uses the default (?<pct>${N})% utilisation; \`aidc plan\` simulates the scenario's simulation section first$`,
      ),
      render: (g, t) => t('warnText.notSimulated', g),
    },
  ],
  'rent-below-levelised-cost': [
    {
      re: new RegExp(
        String.raw`^a GPU-hour in use costs \$(?<own>${N}) with the horizon's costs undiscounted, below the \$(?<rental>${N}) (?<kind>rental price given|market rental), but \$(?<levelised>${N}) levelised at the (?<rate>${N})% discount rate \(capital paid for up front, hours earned over (?<years>${N}) years\): at \$\k<rental> the cluster does not repay its capital \(NPV (?<npv>-?\$${N}M)(?:, IRR (?<irr>-?${N})%)?\); (?:it does at (?<even>${N})% utilisation \(the plan assumes (?<assumed>${N})%\)|(?<never>no utilisation repays it)), or with cheaper capital or servers$`,
      ),
      render: (g, t) => {
        const kind = pick(t, g['kind'], {
          'rental price given': 'warnText.rentalGiven',
          'market rental': 'warnText.rentalMarket',
        });
        if (!kind) return undefined;
        return t('warnText.rentBelowLevelised', {
          ...g,
          kind,
          irr: g['irr'] !== undefined ? t('warnText.irr', g) : '',
          even: g['never'] !== undefined ? t('warnText.neverRepays') : t('warnText.repaysAt', g),
        });
      },
    },
  ],
};

/** The liquid-cooling fix in the reader's words: '' when the message carries none, undefined
 *  when its climate is not one the catalog knows. */
function liquidFix(t: T, g: Groups): string | undefined {
  if (g['liquid'] === undefined) return '';
  const climate = pick(t, g['climate'], {
    cold: 'warnText.climateCold',
    temperate: 'warnText.climateTemperate',
    hot: 'warnText.climateHot',
  });
  return climate && t('warnText.liquidFix', { liquid: g['liquid'], climate });
}

function pueScope(t: T, scope: string | undefined): string | undefined {
  const hub =
    /^(?<base>.+) in the (?<hub>eastern national computing hub|western national computing hub|national computing hub node) \((?<region>[A-Z]{2}-[A-Z0-9]+)\)$/.exec(
      scope ?? '',
    )?.groups;
  const base = (s: string | undefined) =>
    pick(t, s, {
      'new data centres': 'warnText.scopeNew',
      'new large and very large data centres': 'warnText.scopeNewLarge',
      'data centres entering service from 1 July 2026': 'warnText.scopeFromJuly2026',
    });
  if (!hub) return base(scope);
  const b = base(hub['base']);
  const h = pick(t, hub['hub'], {
    'eastern national computing hub': 'warnText.hubEastern',
    'western national computing hub': 'warnText.hubWestern',
    'national computing hub node': 'warnText.hubNode',
  });
  return b && h && t('warnText.scopeInHub', { scope: b, hub: h, region: hub['region'] ?? '' });
}

export interface WarningText {
  /** The code's title in the reader's language. */
  readonly title: string;
  /** The message in the reader's language, or in English when it could not be translated. */
  readonly text: string;
  /** Whether `text` is in the reader's language. */
  readonly translated: boolean;
}

/** A warning's sentence in the reader's language (English: core's own message). */
export function warningText(w: PlanWarning, i: Pick<I18n, 't' | 'locale'>): WarningText {
  const key = `warnTitle.${w.code}`;
  const title = key in en ? i.t(key as MessageKey) : w.code;
  if (i.locale === 'en') return { title, text: w.message, translated: true };
  for (const shape of SHAPES[w.code] ?? []) {
    const m = shape.re.exec(w.message);
    if (!m) continue;
    const groups = Object.fromEntries(
      Object.entries(m.groups ?? {}).filter((e): e is [string, string] => e[1] !== undefined),
    );
    const text = shape.render(groups, i.t);
    if (text !== undefined) return { title, text, translated: true };
  }
  return { title, text: w.message, translated: false };
}
