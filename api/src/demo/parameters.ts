/**
 * Named parameters of the synthetic demo data. Every pattern the demo reproduces is a number
 * here, documented in PARAMETERS.md with the published finding it imitates.
 * The numbers are targets of the data-generating model; the realised figures differ by sampling
 * noise and by the composition of the units surveyed in a year.
 */

/** A value that changes linearly over the calendar years `trendYears`. */
export interface Trend {
  from: number;
  to: number;
}

export type Branch = 'CZSK' | 'CLAS' | 'CLSK' | 'KMAR' | 'BS' | 'DOSCO' | 'DMO';

export interface DemoParameters {
  size: 'small' | 'defence';
  seed: number;
  scale: number;

  /** Staff (own staff of all units valid at the last wave) the generator scales the tree to. */
  targetStaff: number;
  /** Calendar years with a wave (`DEF-<year>`). */
  waveYears: number[];
  /** Every unit is surveyed once in this many years (units are grouped by their tier-3 unit). */
  surveyCycleYears: number;
  /** First and last calendar year of all `Trend` values. */
  trendYears: [number, number];
  /** Weeks a wave stays open; it opens in March. */
  waveWeeks: number;

  /** Response per unit-wave is drawn in [min, max]; a unit's base rate is in [baseMin, baseMax]. */
  responseRate: { min: number; max: number; baseMin: number; baseMax: number; waveSd: number };
  /** Relative response propensity of groups (who answers a census more readily). */
  responsePropensity: {
    manschappen: number; onderofficieren: number; officieren: number;
    schaal_1_6: number; schaal_7_10: number; schaal_11plus: number;
    extern: number; tot25: number; '55plus': number;
  };

  /** Staff composition. `militair`/`extern` shares per branch (burger = the rest). */
  composition: {
    personnelType: Record<Branch, { militair: number; extern: number }>;
    women: { militair: number; burger: number; extern: number };
    genderOther: number;
    rankMil: [manschappen: number, onderofficieren: number, officieren: number];
    scaleCiv: [schaal_1_6: number, schaal_7_10: number, schaal_11plus: number];
    /** Age band distribution (tot25, 25_34, 35_44, 45_54, 55plus) per rank group. */
    age: {
      manschappen: number[]; onderofficieren: number[]; officieren: number[]; burger: number[]; extern: number[];
    };
  };
  /** Share of units (leaves) that are small teams of 10–24 staff. */
  smallTeamShare: number;

  /** Target share with sv_experienced >= 2 per calendar year (before unit and branch effects). */
  prevalenceByYear: Record<string, number>;
  /** Published Defence prevalence 2018-2021 (7.4%): the level at which unit climate is average. */
  referencePrevalence: number;
  /** Relative level of unwanted behaviour per branch. */
  branchFactor: Record<Branch, number>;
  /** SD on the log scale of the unit effects (tier-3 unit, and each unit below it). */
  unitEffectSd: { group: number; unit: number };
  /**
   * Relative risks by true attributes; the probability is normalised so that a branch's average
   * equals the year's target. `manschappen` and `tot25` change over the years (Trend).
   */
  risk: {
    gender: { man: number; vrouw: number; anders: number };
    manschappen: Trend; onderofficieren: number; officieren: number;
    schaal_1_6: number; schaal_7_10: number; schaal_11plus: number; extern: number;
    tot25: Trend;
    /** Respondents who withhold all their background answers (worried about anonymity). */
    notDisclosed: number;
    /** Respondents who withhold one or more, but not all. */
    partlyNotDisclosed: number;
  };
  /** Unit whose unwanted behaviour falls between its first and last wave (a published brigade went from 12% to 3%). */
  trendBrigade: { code: string; name: string; first: number; last: number };
  /** Distribution of sv_experienced over 2..5 for those who experienced it. */
  experiencedFrequency: [number, number, number, number];

  teamObserved: { givenVictim: number; nonVictim: number; frequency: [number, number, number, number] };

  /** Probability of each form among victims; some depend on the answered gender. */
  forms: {
    kwaadspreken: number;
    pesten: { man: number; vrouw: number; anders: number; onbekend: number };
    intimidatie: number;
    seksuele_intimidatie: { man: number; vrouw: number; anders: number; onbekend: number };
    agressie_verbaal: number; agressie_fysiek: number; discriminatie: number; uitsluiting: number;
    stalking: number; anders: number;
  };
  discrGround: Record<
    'afkomst' | 'geslacht' | 'seksuele_orientatie' | 'genderidentiteit' | 'religie' | 'handicap' | 'leeftijd'
    | 'nationaliteit' | 'politiek' | 'burgerlijke_staat' | 'arbeidsduur' | 'anders', number>;
  perpetrator: {
    notSay: number;
    collega: number; leidinggevende: number; hoger_leidinggevende: number; ondergeschikte: number;
    intern_anders: number; extern: number;
  };
  discussed: {
    nobody: number;
    pleger: number; collega: number; leidinggevende: number; hoger_leidinggevende: number;
    vertrouwenspersoon: Trend; maatschappelijk_werk: number; integriteitsadviseur: number; zorg: number;
    geestelijk_verzorger: number; prive: number; anders: number;
  };
  reported: { nee: number; leidinggevende: number; meldpunt: number; klacht: number; anders: number };
  notReported: {
    niet_ernstig: number; geen_effect: number; gevolgen: number; zelf_opgelost: number;
    weet_niet_waar: number; anders: number;
  };

  /** Probability of sv_safe 1–2 (not socially safe). */
  unsafe: { victim: number; nonVictim: number };
  awareness: { code: Trend; where: number; complaints: number; vp: number };
  /** Distribution of sv_willing over 1..5 (4–5 = willing). */
  willing: [number, number, number, number, number];
  channel: {
    leidinggevende: number; vertrouwenspersoon: number; meldpunt: number; klachtencommissie: number;
    anders: number; weet_niet: number;
  };

  /** Latent model of the agree5 scales. */
  scales: {
    /** Mean item score after reverse coding, per scale. */
    means: { werkdruk: number; leiding: number; team: number; betrokkenheid: number; psy_veiligheid: number; vier_v: number };
    /** Weight of the respondent's general climate factor in each scale factor. */
    generalLoading: number;
    itemLoading: number;
    itemNoise: number;
    /** Shift of the general factor for victims. */
    victimShift: number;
    reversed: string[];
  };

  nonresponse: {
    /** Any single item left empty. */
    item: number;
    /** A background item answered `zeg_niet` (besides the respondents who withhold all). */
    backgroundNotSay: number;
    /** Respondents who answer `zeg_niet` to every background item. */
    allBackgroundNotSay: number;
  };

  /** Unit left out of pooled organisation figures (and its sub-units, if any). */
  excludedUnit: string | null;
  reorganisation: { ended: string; replacedBy: string; validTo: string; validFrom: string } | null;
}

const PERSONNEL_TYPE_BY_BRANCH: Record<Branch, { militair: number; extern: number }> = {
  CZSK: { militair: 0.82, extern: 0.03 },
  CLAS: { militair: 0.86, extern: 0.02 },
  CLSK: { militair: 0.74, extern: 0.03 },
  KMAR: { militair: 0.88, extern: 0.02 },
  BS: { militair: 0.42, extern: 0.06 },
  DOSCO: { militair: 0.38, extern: 0.05 },
  DMO: { militair: 0.34, extern: 0.1 },
};

/** Defaults shared by both sizes; `size`, `seed`, `scale` and the size-specific fields are set by `demoParameters`. */
export function demoParameters(size: 'small' | 'defence', seed: number, scale: number): DemoParameters {
  const defence = size === 'defence';
  return {
    size,
    seed,
    scale,
    targetStaff: defence ? 60_000 : 3_000,
    waveYears: defence ? [2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025] : [2023, 2024, 2025],
    // The small demo surveys every unit every year so each unit has a previous wave to compare with.
    surveyCycleYears: defence ? 3 : 1,
    trendYears: [2017, 2025],
    waveWeeks: 9,
    responseRate: { min: 0.35, max: 0.75, baseMin: 0.4, baseMax: 0.7, waveSd: 0.05 },
    responsePropensity: {
      manschappen: 0.8, onderofficieren: 1, officieren: 1.25,
      schaal_1_6: 0.95, schaal_7_10: 1.05, schaal_11plus: 1.2,
      extern: 0.7, tot25: 0.85, '55plus': 1.1,
    },
    composition: {
      personnelType: PERSONNEL_TYPE_BY_BRANCH,
      women: { militair: 0.1, burger: 0.32, extern: 0.22 },
      genderOther: 0.004,
      rankMil: [0.42, 0.36, 0.22],
      scaleCiv: [0.3, 0.45, 0.25],
      age: {
        manschappen: [0.5, 0.35, 0.1, 0.04, 0.01],
        onderofficieren: [0.06, 0.34, 0.3, 0.22, 0.08],
        officieren: [0.03, 0.26, 0.3, 0.26, 0.15],
        burger: [0.03, 0.17, 0.22, 0.28, 0.3],
        extern: [0.05, 0.3, 0.3, 0.2, 0.15],
      },
    },
    smallTeamShare: 0.08,
    prevalenceByYear: {
      '2017': 0.09, '2018': 0.083, '2019': 0.077, '2020': 0.072, '2021': 0.067,
      '2022': 0.063, '2023': 0.059, '2024': 0.056, '2025': 0.053,
    },
    referencePrevalence: 0.074,
    branchFactor: { CZSK: 1.05, CLAS: 1.05, CLSK: 0.95, KMAR: 1, BS: 0.9, DOSCO: 1, DMO: 0.9 },
    unitEffectSd: { group: 0.15, unit: 0.2 },
    risk: {
      gender: { man: 1, vrouw: 1.9, anders: 1.9 },
      manschappen: { from: 1.5, to: 1.1 }, onderofficieren: 1, officieren: 0.7,
      schaal_1_6: 1.25, schaal_7_10: 1, schaal_11plus: 0.75, extern: 0.8,
      tot25: { from: 1.3, to: 1 },
      notDisclosed: 3.4,
      partlyNotDisclosed: 1.6,
    },
    trendBrigade: { code: 'CLAS-13LTBRIG', name: '13 Lichte Brigade', first: 0.12, last: 0.03 },
    experiencedFrequency: [0.55, 0.3, 0.1, 0.05],
    teamObserved: { givenVictim: 0.85, nonVictim: 0.14, frequency: [0.6, 0.3, 0.07, 0.03] },
    forms: {
      kwaadspreken: 0.56,
      pesten: { man: 0.265, vrouw: 0.17, anders: 0.22, onbekend: 0.16 },
      intimidatie: 0.2,
      seksuele_intimidatie: { man: 0.03, vrouw: 0.19, anders: 0.12, onbekend: 0.07 },
      agressie_verbaal: 0.24, agressie_fysiek: 0.04, discriminatie: 0.12, uitsluiting: 0.24,
      stalking: 0.02, anders: 0.08,
    },
    discrGround: {
      afkomst: 0.3, geslacht: 0.3, seksuele_orientatie: 0.1, genderidentiteit: 0.04, religie: 0.08,
      handicap: 0.06, leeftijd: 0.15, nationaliteit: 0.06, politiek: 0.03, burgerlijke_staat: 0.03,
      arbeidsduur: 0.05, anders: 0.06,
    },
    perpetrator: {
      notSay: 0.04,
      collega: 0.55, leidinggevende: 0.35, hoger_leidinggevende: 0.15, ondergeschikte: 0.06,
      intern_anders: 0.22, extern: 0.08,
    },
    discussed: {
      nobody: 0.14,
      pleger: 0.34, collega: 0.35, leidinggevende: 0.34, hoger_leidinggevende: 0.08,
      vertrouwenspersoon: { from: 0.06, to: 0.18 }, maatschappelijk_werk: 0.03, integriteitsadviseur: 0.02,
      zorg: 0.05, geestelijk_verzorger: 0.03, prive: 0.4, anders: 0.03,
    },
    reported: { nee: 0.7, leidinggevende: 0.18, meldpunt: 0.05, klacht: 0.03, anders: 0.04 },
    notReported: {
      niet_ernstig: 0.35, geen_effect: 0.3, gevolgen: 0.25, zelf_opgelost: 0.25, weet_niet_waar: 0.08, anders: 0.06,
    },
    unsafe: { victim: 0.4, nonVictim: 0.075 },
    awareness: { code: { from: 0.77, to: 0.83 }, where: 0.74, complaints: 0.52, vp: 0.63 },
    willing: [0.02, 0.03, 0.07, 0.5, 0.38],
    channel: {
      leidinggevende: 0.84, vertrouwenspersoon: 0.06, meldpunt: 0.04, klachtencommissie: 0.01, anders: 0.01, weet_niet: 0.04,
    },
    scales: {
      means: { werkdruk: 3.3, leiding: 3.6, team: 3.9, betrokkenheid: 3.8, psy_veiligheid: 3.6, vier_v: 3.7 },
      generalLoading: 0.55,
      itemLoading: 0.85,
      itemNoise: 0.6,
      victimShift: -0.9,
      reversed: ['wl3', 'ps3', 'ps5'],
    },
    nonresponse: { item: 0.012, backgroundNotSay: 0.02, allBackgroundNotSay: 0.04 },
    excludedUnit: defence ? 'BS-MIVD' : null,
    reorganisation: defence
      ? { ended: 'CLAS-11LMB-11GNKCIE', replacedBy: 'CLAS-DGLC-400GNKBAT-11GNKCIE', validTo: '2021-12-31', validFrom: '2022-01-01' }
      : null,
  };
}

/** Linear interpolation of a Trend at a calendar year. */
export function trendAt(t: Trend, year: number, years: readonly [number, number]): number {
  const [y0, y1] = years;
  const f = y1 === y0 ? 0 : Math.min(1, Math.max(0, (year - y0) / (y1 - y0)));
  return t.from + (t.to - t.from) * f;
}
