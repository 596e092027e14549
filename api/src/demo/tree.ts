/**
 * The demo unit trees. The names follow the published sources on Defence (Defence's seven branches, brigades, bases,
 * squadrons, NLDA); the lowest tiers are filled with generic companies, flights, sections and
 * teams. The topology does not depend on the seed, so unit codes are stable across seeds; staff
 * sizes do (see generate.ts).
 */
import type { Branch, DemoParameters } from './parameters.js';

/** A set of lowest-tier units: [code suffix, name] pairs and their typical staff size. */
interface Template {
  units: readonly (readonly [string, string])[];
  staff: number;
}

const TEMPLATES = {
  inf: { staff: 150, units: [['ACIE', 'A-compagnie'], ['BCIE', 'B-compagnie'], ['CCIE', 'C-compagnie'], ['STOSTCIE', 'Staf- en Ondersteuningscompagnie']] },
  tank: { staff: 115, units: [['AESK', 'A-eskadron'], ['BESK', 'B-eskadron'], ['STESK', 'Stafeskadron']] },
  art: { staff: 115, units: [['ABTR', 'Batterij A'], ['BBTR', 'Batterij B'], ['CBTR', 'Batterij C'], ['STBTR', 'Stafbatterij']] },
  genie: { staff: 130, units: [['GNCIE1', 'Geniecompagnie 1'], ['GNCIE2', 'Geniecompagnie 2'], ['STVZCIE', 'Staf- en Verzorgingscompagnie']] },
  log: { staff: 130, units: [['BEVCIE', 'Bevoorradingscompagnie'], ['TRCIE', 'Transportcompagnie'], ['HERSTCIE', 'Herstelcompagnie'], ['STCIE', 'Stafcompagnie']] },
  med: { staff: 100, units: [['GNKA', 'Geneeskundige compagnie A'], ['GNKB', 'Geneeskundige compagnie B'], ['STCIE', 'Stafcompagnie']] },
  sqn: { staff: 110, units: [['FLTA', 'Flight A'], ['FLTB', 'Flight B'], ['TECHFLT', 'Technische flight'], ['OPSFLT', 'Operationele flight']] },
  ship: { staff: 70, units: [['OPSD', 'Operationele dienst'], ['TECHD', 'Technische dienst'], ['LOGD', 'Logistieke dienst']] },
  afd: { staff: 45, units: [['BELEID', 'Sectie Beleid'], ['UITV', 'Sectie Uitvoering'], ['BV', 'Sectie Bedrijfsvoering'], ['ADVIES', 'Sectie Advies'], ['PROJ', 'Sectie Projecten']] },
  team: { staff: 70, units: [['NOORD', 'Team Noord'], ['OOST', 'Team Oost'], ['ZUID', 'Team Zuid'], ['WEST', 'Team West'], ['MIDDEN', 'Team Midden']] },
  opl: { staff: 130, units: [['OPLCIE1', 'Opleidingscompagnie 1'], ['OPLCIE2', 'Opleidingscompagnie 2'], ['OPLCIE3', 'Opleidingscompagnie 3'], ['INSTR', 'Instructiegroep'], ['STAF', 'Staf']] },
  kmar: { staff: 110, units: [['OPS', 'Team Operaties'], ['GRENS', 'Team Grenstoezicht'], ['BEV', 'Team Beveiliging'], ['MOB', 'Team Mobiel Toezicht'], ['OND', 'Team Ondersteuning']] },
} as const satisfies Record<string, Template>;

type TemplateName = keyof typeof TEMPLATES;

/** A tier-4 unit: either a leaf (`staff` given) or a parent of `count` template units. */
type Tier4 = readonly [suffix: string, name: string, template: TemplateName, count: number] | readonly [suffix: string, name: string, staff: number];
/** A tier-3 unit with its tier-4 units; a tier-3 leaf has `staff` and no children. */
interface Tier3 {
  code: string;
  name: string;
  level: string;
  children: readonly Tier4[];
  staff?: number;
}
interface BranchSpec {
  code: Branch;
  name: string;
  children: readonly Tier3[];
}

const CIE = 140; // an independent company
const SEC = 40; // a staff section

const CLAS_BRIGADES: readonly Tier3[] = [
  {
    code: '11LMB', name: '11 Luchtmobiele Brigade', level: 'brigade', children: [
      ['11INFBAT', '11 Infanteriebataljon Luchtmobiel (GGJ)', 'inf', 4],
      ['12INFBAT', '12 Infanteriebataljon Luchtmobiel (RVH)', 'inf', 4],
      ['13INFBAT', '13 Infanteriebataljon Luchtmobiel (RS)', 'inf', 4],
      ['11BEVCIE', '11 Bevoorradingscompagnie Luchtmobiel', CIE],
      ['11GNKCIE', '11 Geneeskundige Compagnie', 90],
      ['11GNCIE', '11 Geniecompagnie Luchtmobiel', CIE],
    ],
  },
  {
    code: '13LTBRIG', name: '13 Lichte Brigade', level: 'brigade', children: [
      ['17PAINFBAT', '17 Pantserinfanteriebataljon Garde Fuseliers Prinses Irene', 'inf', 4],
      ['42PAINFBAT', '42 Pantserinfanteriebataljon Limburgse Jagers', 'inf', 4],
      ['13BEVCIE', '13 Bevoorradingscompagnie', CIE],
      ['13GNKCIE', '13 Geneeskundige Compagnie', 90],
      ['13HERSTCIE', '13 Herstelcompagnie', CIE],
    ],
  },
  {
    code: '43MECHBRIG', name: '43 Gemechaniseerde Brigade', level: 'brigade', children: [
      ['44PAINFBAT', '44 Pantserinfanteriebataljon Johan Willem Friso', 'inf', 4],
      ['45PAINFBAT', '45 Pantserinfanteriebataljon Oranje Gelderland', 'inf', 4],
      ['414TKBAT', '414 Tankbataljon', 'tank', 3],
      ['43BEVCIE', '43 Bevoorradingscompagnie', CIE],
      ['43HERSTCIE', '43 Herstelcompagnie', CIE],
    ],
  },
];

const DEFENCE: readonly BranchSpec[] = [
  {
    code: 'CZSK', name: 'Commando Zeestrijdkrachten', children: [
      {
        code: 'VLOOT', name: 'Vloot', level: 'commando', children: [
          ['ZMDRUYTER', 'Zr.Ms. De Ruyter', 'ship', 3],
          ['ZMTROMP', 'Zr.Ms. Tromp', 'ship', 3],
          ['ZMEVERTSEN', 'Zr.Ms. Evertsen', 'ship', 3],
          ['ZMKDOORMAN', 'Zr.Ms. Karel Doorman', 'ship', 3],
          ['ZMJDWITT', 'Zr.Ms. Johan de Witt', 'ship', 3],
          ['ZMROTTERDAM', 'Zr.Ms. Rotterdam', 'ship', 3],
          ['MBD', 'Mijnenbestrijdingsdienst', 'team', 3],
          ['HYDRO', 'Hydrografische Dienst', 'team', 2],
        ],
      },
      {
        code: 'KORPSMAR', name: 'Korps Mariniers', level: 'commando', children: [
          ['1MARNSBAT', '1 Mariniersbataljon', 'inf', 4],
          ['2MARNSBAT', '2 Mariniersbataljon', 'inf', 4],
          ['AMFONDBAT', 'Amfibisch Ondersteuningsbataljon', 'log', 4],
          ['AMFGSTBAT', 'Amfibisch Gevechtssteunbataljon', 'inf', 3],
          ['MARSOF', 'Maritime Special Operations Forces', 'team', 2],
          ['MARCARIB', 'Marinierscompagnie Caribisch gebied', CIE],
        ],
      },
      {
        code: 'ONDERZ', name: 'Onderzeedienst', level: 'commando', children: [
          ['ZMWALRUS', 'Zr.Ms. Walrus', 'ship', 3],
          ['ZMZEELEEUW', 'Zr.Ms. Zeeleeuw', 'ship', 3],
          ['ZMDOLFIJN', 'Zr.Ms. Dolfijn', 'ship', 3],
          ['OZDSTAF', 'Staf Onderzeedienst', SEC],
        ],
      },
      {
        code: 'KUSTWACHT', name: 'Kustwacht Nederland', level: 'commando', children: [
          ['KWOPS', 'Operaties Kustwacht', 'team', 3],
          ['KWCARIB', 'Kustwacht Caribisch gebied', 'team', 3],
          ['KWCENTRUM', 'Kustwachtcentrum', 60],
        ],
      },
      {
        code: 'OPLCZSK', name: 'Opleidingscentrum CZSK', level: 'brigade', children: [
          ['OPLZEE', 'Opleidingen Zeevarend', 'opl', 4],
          ['OPLTECH', 'Opleidingen Techniek', 'opl', 3],
        ],
      },
      {
        code: 'MBDH', name: 'Marinebasis Den Helder', level: 'brigade', children: [
          ['HAVEN', 'Havendienst', 'team', 3],
          ['BEVEILIGING', 'Bewaking en Beveiliging', 'team', 3],
        ],
      },
      {
        code: 'STAF', name: 'Staf CZSK', level: 'brigade', staff: 40, children: [
          ['PERS', 'Afdeling Personeel', SEC], ['OPS', 'Afdeling Operaties', SEC], ['PLAN', 'Afdeling Plannen', SEC],
        ],
      },
    ],
  },
  {
    code: 'CLAS', name: 'Commando Landstrijdkrachten', children: [
      ...CLAS_BRIGADES,
      {
        code: 'OOCL', name: 'Operationeel Ondersteuningscommando Land', level: 'commando', children: [
          ['41AFDVA', '41 Afdeling Veldartillerie', 'art', 4],
          ['101GNBAT', '101 Geniebataljon', 'genie', 3],
          ['1CMICO', '1 Civiel en Militair Interactiecommando', 'team', 3],
          ['JISTARC', 'Joint ISTAR Commando', 'team', 4],
          ['DEOD', 'Defensie Explosieven Opruimingsdienst', 'team', 4],
        ],
      },
      {
        code: 'OTCO', name: 'Opleidings- en Trainingscommando', level: 'commando', children: [
          ['OTCMAN', 'Opleidings- en Trainingscentrum Manoeuvre', 'opl', 4],
          ['OTCGENIE', 'Opleidings- en Trainingscentrum Genie', 'opl', 3],
          ['OTCLOG', 'Opleidings- en Trainingscentrum Logistiek', 'opl', 3],
          ['OTCVUST', 'Opleidings- en Trainingscentrum Vuursteun', 'opl', 3],
          ['KMS', 'Koninklijke Militaire School', 'opl', 5],
        ],
      },
      {
        code: 'DGLC', name: 'Defensie Grondgebonden Logistiek', level: 'commando', children: [
          ['200BEVBAT', '200 Bevoorradingsbataljon', 'log', 4],
          ['300TRBAT', '300 Transportbataljon', 'log', 3],
          ['400GNKBAT', '400 Geneeskundig Bataljon', 'med', 3],
          ['HERSTBAT', 'Herstelbataljon', 'log', 4],
        ],
      },
      {
        code: 'KCT', name: 'Korps Commandotroepen', level: 'commando', staff: 60, children: [
          ['104CTCIE', '104 Commandotroepencompagnie', 90],
          ['105CTCIE', '105 Commandotroepencompagnie', 90],
          ['108CTCIE', '108 Commandotroepencompagnie', 90],
          ['OPLKCT', 'Opleidingen KCT', 70],
        ],
      },
      {
        code: '1GNC', name: '1 Duits-Nederlands Legerkorps', level: 'commando', children: [
          ['STAFBAT', 'Staf- en Verbindingsbataljon', 'team', 3],
          ['SUPBAT', 'Commando Support Bataljon', 'team', 3],
        ],
      },
      {
        code: 'STAF', name: 'Staf CLAS', level: 'brigade', staff: 50, children: [
          ['PERS', 'Afdeling Personeel', SEC], ['OPS', 'Afdeling Operaties', SEC], ['PLAN', 'Afdeling Plannen', SEC],
        ],
      },
    ],
  },
  {
    code: 'CLSK', name: 'Commando Luchtstrijdkrachten', children: [
      {
        code: 'VBLWD', name: 'Vliegbasis Leeuwarden', level: 'brigade', children: [
          ['322SQN', '322 Squadron', 'sqn', 4], ['323SQN', '323 Squadron', 'sqn', 4],
          ['OOSQN', 'Operationeel Ondersteuningssquadron', 'sqn', 3], ['LOGSQN', 'Logistiek Squadron', 'sqn', 3],
        ],
      },
      {
        code: 'VBVOLKEL', name: 'Vliegbasis Volkel', level: 'brigade', children: [
          ['312SQN', '312 Squadron', 'sqn', 4], ['313SQN', '313 Squadron', 'sqn', 4],
          ['OOSQN', 'Operationeel Ondersteuningssquadron', 'sqn', 3], ['LOGSQN', 'Logistiek Squadron', 'sqn', 3],
        ],
      },
      {
        code: 'VBEHV', name: 'Vliegbasis Eindhoven', level: 'brigade', children: [
          ['334SQN', '334 Transportsquadron', 'sqn', 4], ['336SQN', '336 Squadron', 'sqn', 3],
          ['LOGSQN', 'Logistiek Squadron', 'sqn', 3],
        ],
      },
      {
        code: 'VBWDT', name: 'Vliegbasis Woensdrecht', level: 'brigade', children: [
          ['LCW', 'Logistiek Centrum Woensdrecht', 'log', 4], ['OPLC', 'Opleidingscentrum Luchtstrijdkrachten', 'opl', 3],
        ],
      },
      {
        code: 'VBGLZ', name: 'Vliegbasis Gilze-Rijen', level: 'brigade', children: [
          ['OOSQN', 'Operationeel Ondersteuningssquadron', 'sqn', 3], ['LOGSQN', 'Logistiek Squadron', 'sqn', 3],
        ],
      },
      {
        code: 'DHC', name: 'Defensie Helikopter Commando', level: 'commando', staff: 50, children: [
          ['298SQN', '298 Squadron', 'sqn', 4], ['300SQN', '300 Squadron', 'sqn', 3],
          ['301SQN', '301 Squadron', 'sqn', 4], ['302SQN', '302 Squadron', 'sqn', 3],
        ],
      },
      {
        code: 'AOCS', name: 'Air Operations Control Station Nieuw Milligen', level: 'brigade', children: [
          ['CRC', 'Control and Reporting Centre', 'sqn', 3], ['ATC', 'Luchtverkeersleiding', 'sqn', 3],
        ],
      },
      {
        code: 'STAF', name: 'Luchtmachtstaf', level: 'brigade', children: [
          ['PERS', 'Afdeling Personeel', SEC], ['OPS', 'Afdeling Operaties', SEC], ['PLAN', 'Afdeling Plannen', SEC],
        ],
      },
    ],
  },
  {
    code: 'KMAR', name: 'Koninklijke Marechaussee', children: [
      {
        code: 'LTC', name: 'Landelijk Tactisch Commando', level: 'commando', children: [
          ['BSB', 'Brigade Speciale Beveiligingsopdrachten', 'kmar', 4], ['ME', 'Mobiele Eenheid', 'kmar', 3],
        ],
      },
      {
        code: 'DSCHIPHOL', name: 'District Schiphol', level: 'commando', staff: 40, children: [
          ['BRIGGRENS', 'Brigade Grenstoezicht Schiphol', 'kmar', 5],
          ['BRIGBEV', 'Brigade Beveiliging Schiphol', 'kmar', 5],
          ['BRIGOPS', 'Brigade Operaties Schiphol', 'kmar', 4],
        ],
      },
      {
        code: 'DNOORD', name: 'District Noord', level: 'commando', children: [
          ['BRIGGRONINGEN', 'Brigade Groningen', 'kmar', 3], ['BRIGLEEUWARDEN', 'Brigade Leeuwarden', 'kmar', 2],
        ],
      },
      {
        code: 'DOOST', name: 'District Oost', level: 'commando', children: [
          ['BRIGARNHEM', 'Brigade Arnhem', 'kmar', 3], ['BRIGENSCHEDE', 'Brigade Enschede (grensbewaking)', 'kmar', 3],
        ],
      },
      {
        code: 'DZUID', name: 'District Zuid', level: 'commando', children: [
          ['BRIGMAASTRICHT', 'Brigade Maastricht (grensbewaking)', 'kmar', 3], ['BRIGBREDA', 'Brigade Breda', 'kmar', 3],
        ],
      },
      {
        code: 'DWEST', name: 'District West', level: 'commando', children: [
          ['BRIGROTTERDAM', 'Brigade Rotterdam', 'kmar', 4], ['BRIGDENHAAG', 'Brigade Den Haag', 'kmar', 3],
        ],
      },
      {
        code: 'OKC', name: 'Opleidings- en Kenniscentrum KMar', level: 'brigade', children: [
          ['OPLBASIS', 'Basisopleidingen', 'opl', 4], ['OPLVAK', 'Vakopleidingen', 'opl', 3],
        ],
      },
    ],
  },
  {
    code: 'BS', name: 'Bestuursstaf', children: [
      {
        code: 'DS', name: 'Defensiestaf', level: 'commando', children: [
          ['DOPS', 'Directie Operaties', 'afd', 4], ['DPLAN', 'Directie Plannen', 'afd', 4],
        ],
      },
      {
        code: 'HDP', name: 'Hoofddirectie Personeel', level: 'brigade', children: [
          ['BELEID', 'Directie Personeelsbeleid', 'afd', 3], ['ARBEID', 'Directie Arbeidsvoorwaarden', 'afd', 3],
        ],
      },
      {
        code: 'HDFC', name: 'Hoofddirectie Financiën en Control', level: 'brigade', children: [
          ['FIN', 'Directie Financiën', 'afd', 3], ['CONTROL', 'Directie Control', 'afd', 3],
        ],
      },
      {
        code: 'DJZ', name: 'Directie Juridische Zaken', level: 'brigade', children: [
          ['ADVIES', 'Afdeling Advisering', SEC], ['PROC', 'Afdeling Procesvoering', SEC], ['INTRECHT', 'Afdeling Internationaal Recht', SEC],
        ],
      },
      { code: 'MIVD', name: 'Militaire Inlichtingen- en Veiligheidsdienst', level: 'brigade', staff: 450, children: [] },
      {
        code: 'SG', name: 'Bureau Secretaris-Generaal', level: 'brigade', children: [
          ['IGK', 'Inspecteur-Generaal der Krijgsmacht', SEC], ['ADD', 'Auditdienst Defensie', SEC], ['DCO', 'Directie Communicatie', SEC],
        ],
      },
    ],
  },
  {
    code: 'DOSCO', name: 'Defensie Ondersteuningscommando', children: [
      {
        code: 'NLDA', name: 'Nederlandse Defensie Academie', level: 'commando', staff: 60, children: [
          ['KMA', 'Koninklijke Militaire Academie', 'opl', 5],
          ['KIM', 'Koninklijk Instituut voor de Marine', 'opl', 4],
          ['FMW', 'Faculteit Militaire Wetenschappen', 'afd', 5],
        ],
      },
      {
        code: 'DGO', name: 'Defensie Gezondheidszorg Organisatie', level: 'commando', children: [
          ['CMH', 'Centraal Militair Hospitaal', 'med', 3], ['MGGZ', 'Militaire Geestelijke Gezondheidszorg', 'team', 3],
          ['EGZ', 'Eerstelijns Gezondheidszorg', 'team', 5],
        ],
      },
      {
        code: 'DPDC', name: 'Defensie Personeelsdienstencentrum', level: 'brigade', children: [
          ['PERSADM', 'Personeelsadministratie', 'afd', 4], ['LOOPBAAN', 'Loopbaanbegeleiding', 'afd', 3],
          ['WERVING', 'Dienst Werving en Selectie', 'team', 5],
        ],
      },
      {
        code: 'DVVO', name: 'Defensie Verkeers- en Vervoersorganisatie', level: 'brigade', children: [
          ['VERVOER', 'Vervoer', 'team', 4], ['VERKEER', 'Verkeer', 'team', 3],
        ],
      },
      {
        code: 'FB', name: 'Facilitair Bedrijf', level: 'brigade', children: [
          ['CATERING', 'Defensie Catering', 'team', 5], ['DBBO', 'Defensie Bewakings- en Beveiligingsorganisatie', 'team', 5],
        ],
      },
    ],
  },
  {
    code: 'DMO', name: 'Defensie Materieel Organisatie', children: [
      {
        code: 'JIVC', name: 'Joint IV Commando', level: 'commando', children: [
          ['IVOPS', 'IV Operaties', 'afd', 4], ['IVENG', 'IV Engineering', 'afd', 4], ['IVSUP', 'IV Ondersteuning', 'team', 4],
        ],
      },
      {
        code: 'PROJ', name: 'Directie Materieelprojecten', level: 'brigade', children: [
          ['LAND', 'Landsystemen', 'afd', 4], ['MARITIEM', 'Maritieme Systemen', 'afd', 4], ['LUCHT', 'Luchtsystemen', 'afd', 4],
        ],
      },
      {
        code: 'LOG', name: 'Directie Logistiek', level: 'brigade', children: [
          ['MAGAZIJN', 'Magazijnen', 'team', 4], ['DISTR', 'Distributie', 'team', 3],
        ],
      },
      {
        code: 'BV', name: 'Bedrijfsvoering DMO', level: 'brigade', children: [
          ['INKOOP', 'Directie Inkoop', 'afd', 3], ['FIN', 'Directie Financiën', 'afd', 3],
        ],
      },
    ],
  },
];

const SMALL: readonly BranchSpec[] = [
  {
    code: 'CLAS', name: 'Commando Landstrijdkrachten', children: [
      {
        code: '11LMB', name: '11 Luchtmobiele Brigade', level: 'brigade', staff: 40, children: [
          ['11INFBAT', '11 Infanteriebataljon Luchtmobiel (GGJ)', 'inf', 3],
          ['12INFBAT', '12 Infanteriebataljon Luchtmobiel (RVH)', 'inf', 3],
          ['13INFBAT', '13 Infanteriebataljon Luchtmobiel (RS)', 'inf', 3],
          ['11GNKCIE', '11 Geneeskundige Compagnie', 90],
        ],
      },
      {
        code: '13LTBRIG', name: '13 Lichte Brigade', level: 'brigade', staff: 40, children: [
          ['17PAINFBAT', '17 Pantserinfanteriebataljon Garde Fuseliers Prinses Irene', 'inf', 3],
          ['42PAINFBAT', '42 Pantserinfanteriebataljon Limburgse Jagers', 'inf', 3],
          ['13BEVCIE', '13 Bevoorradingscompagnie', CIE],
          ['13GNKCIE', '13 Geneeskundige Compagnie', 90],
        ],
      },
      {
        code: '43MECHBRIG', name: '43 Gemechaniseerde Brigade', level: 'brigade', staff: 40, children: [
          ['44PAINFBAT', '44 Pantserinfanteriebataljon Johan Willem Friso', 'inf', 3],
          ['45PAINFBAT', '45 Pantserinfanteriebataljon Oranje Gelderland', 'inf', 3],
          ['414TKBAT', '414 Tankbataljon', 'tank', 3],
          ['43BEVCIE', '43 Bevoorradingscompagnie', CIE],
        ],
      },
    ],
  },
];

/** A unit of the demo tree with what the generator needs besides the units.csv columns. */
export interface TreeUnit {
  code: string;
  parent: string | null;
  name: string;
  level: string;
  /** 1 = organisation, 2 = branch, 3 = command/brigade, 4 = battalion, 5 = company. */
  depth: number;
  branch: Branch | null;
  /** Code of the tier-3 unit this unit belongs to (itself at tier 3); null above tier 3. */
  group: string | null;
  /** Typical own staff before scaling; 0 for units without staff of their own. */
  typicalStaff: number;
  excludedFromPooling: boolean;
  validFrom: string | null;
  validTo: string | null;
}

export const ORGANISATION = { code: 'DEF', name: 'Defensie' } as const;

export function buildTree(params: DemoParameters): TreeUnit[] {
  const spec = params.size === 'defence' ? DEFENCE : SMALL;
  const out: TreeUnit[] = [
    { code: ORGANISATION.code, parent: null, name: ORGANISATION.name, level: 'organisatie', depth: 1, branch: null, group: null, typicalStaff: 0, excludedFromPooling: false, validFrom: null, validTo: null },
  ];
  const base = { excludedFromPooling: false, validFrom: null, validTo: null };
  for (const b of spec) {
    out.push({ ...base, code: b.code, parent: ORGANISATION.code, name: b.name, level: 'onderdeel', depth: 2, branch: b.code, group: null, typicalStaff: 0 });
    for (const t3 of b.children) {
      const c3 = `${b.code}-${t3.code}`;
      const isLeaf3 = t3.children.length === 0;
      out.push({
        ...base, code: c3, parent: b.code, name: t3.name, level: t3.level, depth: 3, branch: b.code, group: c3,
        typicalStaff: t3.staff ?? 0, excludedFromPooling: c3 === params.excludedUnit,
      });
      if (isLeaf3 && t3.staff === undefined) throw new Error(`demo tree: ${c3} has neither children nor staff`);
      for (const t4 of t3.children) {
        const c4 = `${c3}-${t4[0]}`;
        if (t4.length === 3) {
          out.push({ ...base, code: c4, parent: c3, name: t4[1], level: 'compagnie', depth: 4, branch: b.code, group: c3, typicalStaff: t4[2] });
          continue;
        }
        const [, name, templateName, count] = t4;
        const template: Template = TEMPLATES[templateName];
        out.push({ ...base, code: c4, parent: c3, name, level: 'bataljon', depth: 4, branch: b.code, group: c3, typicalStaff: 0 });
        for (const [suffix, unitName] of template.units.slice(0, count)) {
          out.push({ ...base, code: `${c4}-${suffix}`, parent: c4, name: unitName, level: 'compagnie', depth: 5, branch: b.code, group: c3, typicalStaff: template.staff });
        }
      }
    }
  }
  const reorg = params.reorganisation;
  if (reorg) {
    const ended = out.find((u) => u.code === reorg.ended);
    const newParentCode = reorg.replacedBy.slice(0, reorg.replacedBy.lastIndexOf('-'));
    const newParentIndex = out.findIndex((u) => u.code === newParentCode);
    const newParent = out[newParentIndex];
    if (!ended || !newParent) throw new Error('demo tree: reorganisation refers to unknown units');
    ended.validTo = reorg.validTo;
    // Insert the successor after its new parent's last descendant, keeping the list in tree order.
    let at = newParentIndex + 1;
    while (at < out.length && (out[at]?.code.startsWith(`${newParentCode}-`) ?? false)) at++;
    out.splice(at, 0, {
      ...ended, code: reorg.replacedBy, parent: newParentCode, depth: newParent.depth + 1, group: newParent.group,
      branch: newParent.branch, validFrom: reorg.validFrom, validTo: null,
    });
  }
  return out;
}
