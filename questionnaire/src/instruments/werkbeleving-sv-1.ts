import { REPORTING_DIMENSIONS } from '../dimensions.js';
import type { InstrumentDefinitionInput } from '../schema.js';

/*
 * werkbeleving-sv version 1: the platform's first questionnaire. Content and codes follow
 * docs/instrument.md, which is binding (CSV columns and release tables depend on the codes).
 * Published versions are immutable: change a copy under a new version, never this one.
 */

type ItemInput = InstrumentDefinitionInput['items'][number];
type OptionInput = { code: string; text: { nl: string; en: string }; exclusive?: boolean };

const opt = (code: string, nl: string, en: string, exclusive?: true): OptionInput =>
  exclusive === undefined ? { code, text: { nl, en } } : { code, text: { nl, en }, exclusive };

const agree = (module: string, code: string, nl: string, en: string, reverse?: true): ItemInput =>
  reverse === undefined
    ? { code, module, type: 'scale', scale: 'agree5', text: { nl, en } }
    : { code, module, type: 'scale', scale: 'agree5', text: { nl, en }, reverse };

const victims = { item: 'sv_experienced', op: 'gte', value: 2 } as const;
const notSaying = opt('zeg_niet', 'zeg ik liever niet', "I'd rather not say");

export const werkbelevingSv1Source = {
  id: 'werkbeleving-sv',
  version: 1,
  title: { nl: 'Werkbeleving en sociale veiligheid', en: 'Work experience and social safety' },
  modules: [
    { code: 'wb', title: { nl: 'Werkbeleving', en: 'Work experience' } },
    {
      code: 'sv',
      title: { nl: 'Sociale veiligheid', en: 'Social safety' },
      intro: {
        nl:
          'De volgende vragen gaan over de afgelopen 12 maanden. Deze vragenlijst is anoniem en is geen manier om iets te melden. ' +
          'Wilt u hulp, of wilt u iets melden? Neem dan contact op met een vertrouwenspersoon of met het meldpunt van uw organisatie: {reporting_point_url}',
        en:
          'The following questions are about the last 12 months. This survey is anonymous and is not a way to report anything. ' +
          "If you want help or want to report something, contact a confidential adviser or your organisation's reporting point: {reporting_point_url}",
      },
    },
    { code: 'bg', title: { nl: 'Achtergrond', en: 'Background' } },
  ],
  items: [
    agree('wb', 'wl1', 'Ik kan mijn werk meestal binnen de beschikbare tijd afronden.', 'I can usually finish my work in the time available.'),
    agree('wb', 'wl2', 'De hoeveelheid werk die ik moet doen is redelijk.', 'The amount of work I have to do is reasonable.'),
    agree('wb', 'wl3', 'Na mijn werk voel ik me vaak uitgeput.', 'After work I often feel exhausted.', true),
    agree('wb', 'ld1', 'Mijn leidinggevende is goed bereikbaar als ik iets wil bespreken.', 'My supervisor is easy to reach when I want to discuss something.'),
    agree('wb', 'ld2', 'Mijn leidinggevende behandelt iedereen in het team rechtvaardig.', 'My supervisor treats everyone in the team fairly.'),
    agree('wb', 'ld3', 'Mijn leidinggevende grijpt in als iemand zich ongepast gedraagt.', 'My supervisor steps in when someone behaves inappropriately.'),
    agree('wb', 'tm1', 'In mijn team helpen we elkaar als het druk is.', 'In my team we help each other when it is busy.'),
    agree('wb', 'tm2', 'Ik voel me verbonden met mijn team.', 'I feel connected to my team.'),
    agree('wb', 'tm3', 'In mijn team spreken we elkaar aan op gedrag.', 'In my team we call each other out on behaviour.'),
    agree('wb', 'bt1', 'Ik zet me graag in voor mijn organisatie.', 'I like to commit myself to my organisation.'),
    agree('wb', 'bt2', 'Ik haal voldoening uit mijn werk.', 'I get satisfaction from my work.'),
    agree('wb', 'bt3', 'Ik zou mijn werkgever aanraden aan vrienden of familie.', 'I would recommend my employer to friends or family.'),
    agree('wb', 'ps1', 'In mijn team kan ik een fout toegeven zonder dat die tegen me wordt gebruikt.', 'In my team I can admit a mistake without it being used against me.'),
    agree('wb', 'ps2', 'In mijn team kan ik problemen en lastige onderwerpen aankaarten.', 'In my team I can raise problems and difficult issues.'),
    agree('wb', 'ps3', 'In mijn team wordt iemand weleens buitengesloten omdat die anders is.', 'In my team people are sometimes left out for being different.', true),
    agree('wb', 'ps4', 'Ik durf in mijn team een afwijkende mening te geven.', 'I dare to voice a dissenting opinion in my team.'),
    agree('wb', 'ps5', 'In mijn team is het moeilijk om een collega om hulp te vragen.', 'In my team it is hard to ask a colleague for help.', true),
    agree('wb', 'vk1', 'Ik voel me veilig op mijn werkplek.', 'I feel safe at my workplace.'),
    agree('wb', 'vk2', "Ik vertrouw erop dat collega's en leidinggevenden integer handelen.", 'I trust colleagues and supervisors to act with integrity.'),
    agree('wb', 'vk3', 'Ik voel me gewaardeerd om wie ik ben.', 'I feel valued for who I am.'),
    agree('wb', 'vk4', 'In mijn eenheid neemt iedereen verantwoordelijkheid voor een respectvolle omgang.', 'In my unit everyone takes responsibility for treating each other with respect.'),
    {
      code: 'sat',
      module: 'wb',
      type: 'scale',
      scale: 'mark10',
      text: { nl: 'Welk rapportcijfer geeft u uw werk als geheel?', en: 'What mark (1–10) would you give your work as a whole?' },
    },
    agree('wb', 'sv_safe', 'Ik ervaar mijn werkplek als sociaal veilig.', 'I experience my workplace as socially safe.'),

    {
      code: 'sv_team_observed',
      module: 'sv',
      type: 'scale',
      scale: 'freq5',
      text: {
        nl: 'Is er in de afgelopen 12 maanden ongewenst gedrag voorgekomen in uw team?',
        en: 'In the last 12 months, did unwanted behaviour occur in your team?',
      },
    },
    {
      code: 'sv_experienced',
      module: 'sv',
      type: 'scale',
      scale: 'freq5',
      text: {
        nl: 'Bent u in de afgelopen 12 maanden zelf het doelwit geweest van ongewenst gedrag op het werk?',
        en: 'In the last 12 months, were you yourself the target of unwanted behaviour at work?',
      },
    },
    {
      code: 'sv_form',
      module: 'sv',
      type: 'multi',
      condition: victims,
      text: {
        nl: 'Welk ongewenst gedrag was dat? (meerdere antwoorden mogelijk)',
        en: 'What kind of behaviour was it? (several answers possible)',
      },
      options: [
        opt('kwaadspreken', 'roddelen of kwaadspreken', 'gossip or slander'),
        opt('pesten', 'pesten of treiteren', 'bullying or harassing'),
        opt('intimidatie', 'intimidatie of bedreiging', 'intimidation or threats'),
        opt('seksuele_intimidatie', 'seksuele intimidatie', 'sexual harassment'),
        opt('agressie_verbaal', 'uitschelden of schreeuwen', 'verbal aggression'),
        opt('agressie_fysiek', 'fysiek geweld', 'physical violence'),
        opt('discriminatie', 'discriminatie', 'discrimination'),
        opt('uitsluiting', 'buitensluiten of negeren', 'exclusion or being ignored'),
        opt('stalking', 'stalking', 'stalking'),
        opt('anders', 'iets anders', 'something else'),
      ],
    },
    {
      code: 'sv_discr_ground',
      module: 'sv',
      type: 'multi',
      condition: { item: 'sv_form', op: 'includes', value: 'discriminatie' },
      text: { nl: 'Op grond waarvan werd u gediscrimineerd?', en: 'On what grounds were you discriminated against?' },
      options: [
        opt('afkomst', 'afkomst of huidskleur', 'origin or skin colour'),
        opt('geslacht', 'geslacht', 'sex'),
        opt('seksuele_orientatie', 'seksuele oriëntatie', 'sexual orientation'),
        opt('genderidentiteit', 'genderidentiteit', 'gender identity'),
        opt('religie', 'godsdienst of levensovertuiging', 'religion or belief'),
        opt('handicap', 'handicap of chronische ziekte', 'disability or chronic illness'),
        opt('leeftijd', 'leeftijd', 'age'),
        opt('nationaliteit', 'nationaliteit', 'nationality'),
        opt('politiek', 'politieke overtuiging', 'political opinion'),
        opt('burgerlijke_staat', 'burgerlijke staat', 'marital status'),
        opt('arbeidsduur', 'arbeidsduur of soort contract', 'working hours or type of contract'),
        opt('anders', 'anders', 'other'),
      ],
    },
    {
      code: 'sv_perpetrator',
      module: 'sv',
      type: 'multi',
      condition: victims,
      text: { nl: 'Van wie ging het gedrag uit?', en: 'Who did it come from?' },
      options: [
        opt('collega', 'een directe collega', 'a direct colleague'),
        opt('leidinggevende', 'mijn directe leidinggevende', 'my direct supervisor'),
        opt('hoger_leidinggevende', 'een hoger leidinggevende', 'a higher supervisor'),
        opt('ondergeschikte', 'iemand aan wie ik leiding geef', 'someone I supervise'),
        opt('intern_anders', 'iemand anders binnen de organisatie', 'someone else inside the organisation'),
        opt('extern', 'iemand van buiten (burger, klant of opdrachtnemer)', 'someone from outside: a citizen, client or contractor'),
        opt('zeg_niet', 'zeg ik liever niet', "I'd rather not say", true),
      ],
    },
    {
      code: 'sv_discussed',
      module: 'sv',
      type: 'multi',
      condition: victims,
      text: { nl: 'Met wie heeft u het besproken?', en: 'With whom did you discuss it?' },
      options: [
        opt('niemand', 'niemand', 'nobody', true),
        opt('pleger', 'degene die het deed', 'the person who did it'),
        opt('collega', 'een collega', 'a colleague'),
        opt('leidinggevende', 'mijn leidinggevende', 'my supervisor'),
        opt('hoger_leidinggevende', 'een hoger leidinggevende', 'a higher supervisor'),
        opt('vertrouwenspersoon', 'een vertrouwenspersoon', 'a confidential adviser'),
        opt('maatschappelijk_werk', 'bedrijfsmaatschappelijk werk', 'company social work'),
        opt('integriteitsadviseur', 'een integriteitsadviseur', 'an integrity adviser'),
        opt('zorg', 'bedrijfsarts, huisarts of psycholoog', 'company doctor, GP or psychologist'),
        opt('geestelijk_verzorger', 'een geestelijk verzorger', 'chaplain / spiritual counsellor'),
        opt('prive', 'partner, familie of vrienden', 'partner, family or friends'),
        opt('anders', 'iemand anders', 'someone else'),
      ],
    },
    {
      code: 'sv_reported',
      module: 'sv',
      type: 'single',
      condition: victims,
      text: { nl: 'Heeft u het gemeld?', en: 'Did you report it?' },
      options: [
        opt('nee', 'nee', 'no'),
        opt('leidinggevende', 'ja, bij mijn leidinggevende', 'yes, to my supervisor'),
        opt('meldpunt', 'ja, bij een meldpunt', 'yes, to a reporting point'),
        opt('klacht', 'ja, met een formele klacht', 'yes, a formal complaint'),
        opt('anders', 'ja, ergens anders', 'yes, elsewhere'),
      ],
    },
    {
      code: 'sv_not_reported',
      module: 'sv',
      type: 'multi',
      condition: { item: 'sv_reported', op: 'eq', value: 'nee' },
      text: { nl: 'Waarom niet?', en: 'Why not?' },
      options: [
        opt('niet_ernstig', 'het was niet ernstig genoeg', 'not serious enough'),
        opt('geen_effect', 'ik verwachtte dat er niets mee gedaan zou worden', 'I expected nothing would be done'),
        opt('gevolgen', 'ik was bang voor de gevolgen', 'afraid of consequences'),
        opt('zelf_opgelost', 'ik heb het zelf opgelost', 'solved it myself'),
        opt('weet_niet_waar', 'ik wist niet waar ik het kon melden', 'did not know where'),
        opt('anders', 'een andere reden', 'other reason'),
      ],
    },
    { code: 'sv_aware_where', module: 'sv', type: 'yesno', text: { nl: 'Ik weet waar ik ongewenst gedrag kan melden.', en: 'I know where to report unwanted behaviour.' } },
    { code: 'sv_aware_complaints', module: 'sv', type: 'yesno', text: { nl: 'Ik ken de klachtenregeling.', en: 'I know the complaints procedure.' } },
    {
      code: 'sv_aware_vp',
      module: 'sv',
      type: 'yesno',
      text: { nl: 'Ik weet wie de vertrouwenspersoon is voor mijn eenheid.', en: 'I know who the confidential adviser for my unit is.' },
    },
    { code: 'sv_aware_code', module: 'sv', type: 'yesno', text: { nl: 'Ik ken de gedragscode van mijn organisatie.', en: "I know my organisation's code of conduct." } },
    agree('sv', 'sv_willing', 'Als ik ongewenst gedrag meemaak of zie, zou ik het melden.', 'If I experienced or saw unwanted behaviour, I would report it.'),
    {
      code: 'sv_channel',
      module: 'sv',
      type: 'single',
      text: { nl: 'Waar zou u het liefst melden?', en: 'Where would you prefer to report?' },
      options: [
        opt('leidinggevende', 'bij mijn leidinggevende', 'to my supervisor'),
        opt('vertrouwenspersoon', 'bij een vertrouwenspersoon', 'to a confidential adviser'),
        opt('meldpunt', 'bij een meldpunt', 'to a reporting point'),
        opt('klachtencommissie', 'bij de klachtencommissie', 'to the complaints committee'),
        opt('anders', 'ergens anders', 'elsewhere'),
        opt('weet_niet', 'weet ik niet', "I don't know"),
      ],
    },
    agree('sv', 'sv_trust', 'Ik heb er vertrouwen in dat een melding zorgvuldig en vertrouwelijk wordt behandeld.', 'I trust that a report is handled carefully and confidentially.'),
    agree('sv', 'sv_fear', 'Ik ben bang dat melden nadelig is voor mijn loopbaan.', 'I fear that reporting would harm my career.'),

    {
      code: 'gender',
      module: 'bg',
      type: 'single',
      background: true,
      text: { nl: 'Wat is uw geslacht?', en: 'What is your gender?' },
      options: [opt('man', 'man', 'man'), opt('vrouw', 'vrouw', 'woman'), opt('anders', 'anders', 'other'), notSaying],
    },
    {
      code: 'age_band',
      module: 'bg',
      type: 'single',
      background: true,
      text: { nl: 'Wat is uw leeftijd?', en: 'What is your age?' },
      options: [
        opt('tot25', 'jonger dan 25 jaar', 'under 25'),
        opt('25_34', '25 tot en met 34 jaar', '25 to 34'),
        opt('35_44', '35 tot en met 44 jaar', '35 to 44'),
        opt('45_54', '45 tot en met 54 jaar', '45 to 54'),
        opt('55plus', '55 jaar of ouder', '55 or older'),
        notSaying,
      ],
    },
    {
      code: 'personnel_type',
      module: 'bg',
      type: 'single',
      background: true,
      text: { nl: 'Wat is uw dienstverband?', en: 'What is your type of employment?' },
      options: [
        opt('militair', 'militair', 'military'),
        opt('burger', 'burgermedewerker', 'civilian employee'),
        opt('extern', 'extern (ingehuurd personeel)', 'contractor / hired staff'),
        notSaying,
      ],
    },
    {
      code: 'rank_mil',
      module: 'bg',
      type: 'single',
      background: true,
      condition: { item: 'personnel_type', op: 'eq', value: 'militair' },
      text: { nl: 'Tot welke rangcategorie behoort u?', en: 'Which rank category do you belong to?' },
      options: [
        opt('manschappen', 'manschappen (soldaten en korporaals)', 'privates/corporals'),
        opt('onderofficieren', 'onderofficieren', 'NCOs'),
        opt('officieren', 'officieren', 'officers'),
        notSaying,
      ],
    },
    {
      code: 'scale_civ',
      module: 'bg',
      type: 'single',
      background: true,
      condition: { item: 'personnel_type', op: 'eq', value: 'burger' },
      text: { nl: 'In welke salarisschaal bent u ingedeeld?', en: 'Which salary scale are you in?' },
      options: [
        opt('schaal_1_6', 'schaal 1 tot en met 6', 'scale 1 to 6'),
        opt('schaal_7_10', 'schaal 7 tot en met 10', 'scale 7 to 10'),
        opt('schaal_11plus', 'schaal 11 of hoger', 'scale 11 or higher'),
        notSaying,
      ],
    },
  ],
  scales: [
    { code: 'werkdruk', title: { nl: 'Werkdruk', en: 'Workload' }, items: ['wl1', 'wl2', 'wl3'], minAnswered: 2, range: { min: 1, max: 5 } },
    { code: 'leiding', title: { nl: 'Leidinggevende', en: 'Supervisor' }, items: ['ld1', 'ld2', 'ld3'], minAnswered: 2, range: { min: 1, max: 5 } },
    { code: 'team', title: { nl: 'Team', en: 'Team' }, items: ['tm1', 'tm2', 'tm3'], minAnswered: 2, range: { min: 1, max: 5 } },
    { code: 'betrokkenheid', title: { nl: 'Betrokkenheid', en: 'Engagement' }, items: ['bt1', 'bt2', 'bt3'], minAnswered: 2, range: { min: 1, max: 5 } },
    {
      code: 'psy_veiligheid',
      title: { nl: 'Psychologische veiligheid', en: 'Psychological safety' },
      items: ['ps1', 'ps2', 'ps3', 'ps4', 'ps5'],
      minAnswered: 4,
      range: { min: 1, max: 5 },
    },
    {
      code: 'vier_v',
      title: { nl: "De vier V's (veiligheid, vertrouwen, verbondenheid, verantwoordelijkheid)", en: "The four V's (safety, trust, connectedness, responsibility)" },
      items: ['vk1', 'vk2', 'vk3', 'vk4'],
      minAnswered: 3,
      range: { min: 1, max: 5 },
    },
  ],
  collapses: [
    { code: 'any', title: { nl: 'een enkele keer of vaker', en: 'once or more' }, scale: 'freq5', min: 2, max: 5 },
    { code: 'often', title: { nl: 'vaak of (bijna) altijd', en: 'often or (almost) always' }, scale: 'freq5', min: 4, max: 5 },
    { code: 'agree', title: { nl: '(helemaal) eens', en: '(strongly) agree' }, scale: 'agree5', min: 4, max: 5 },
    { code: 'unsafe', title: { nl: '(helemaal) oneens', en: '(strongly) disagree' }, scale: 'agree5', min: 1, max: 2 },
  ],
  bases: [{ code: 'victims', title: { nl: 'slachtoffers', en: 'victims' }, condition: victims }],
  derived: [
    {
      code: 'rank_group',
      title: { nl: 'Rang- of schaalgroep', en: 'Rank or salary-scale group' },
      type: 'first_disclosed',
      sources: ['rank_mil', 'scale_civ'],
    },
  ],
  dimensions: ['all', ...REPORTING_DIMENSIONS],
  indicators: [
    { code: 'sv_team_observed', direction: 'lower', select: 'collapse', kind: 'proportion', base: 'all', item: 'sv_team_observed', collapses: [{ option: 'any', collapse: 'any' }, { option: 'often', collapse: 'often' }] },
    { code: 'sv_experienced', direction: 'lower', select: 'collapse', kind: 'proportion', base: 'all', item: 'sv_experienced', collapses: [{ option: 'any', collapse: 'any' }, { option: 'often', collapse: 'often' }] },
    // Breakdowns (forms, grounds, perpetrators, discussion partners, reporting, channels) describe
    // what happened; neither a higher nor a lower share is "better": direction neutral (the default).
    { code: 'sv_form', select: 'options', kind: 'proportion', base: 'victims', item: 'sv_form', options: 'each' },
    // Among all respondents, non-victims were never asked sv_form; they count as "not chosen",
    // with n as for sv_experienced.
    { code: 'sv_form', select: 'options', kind: 'proportion', base: 'all', item: 'sv_form', options: 'each', denominator: 'sv_experienced' },
    { code: 'sv_discr_ground', select: 'options', kind: 'proportion', base: 'victims', item: 'sv_discr_ground', options: 'each' },
    { code: 'sv_perpetrator', select: 'options', kind: 'proportion', base: 'victims', item: 'sv_perpetrator', options: 'each' },
    { code: 'sv_discussed', select: 'options', kind: 'proportion', base: 'victims', item: 'sv_discussed', options: 'each' },
    { code: 'sv_reported', select: 'options', kind: 'proportion', base: 'victims', item: 'sv_reported', options: 'each' },
    { code: 'sv_not_reported', select: 'options', kind: 'proportion', base: 'victims', item: 'sv_not_reported', options: 'each' },
    { code: 'sv_aware_where', direction: 'higher', select: 'options', kind: 'proportion', base: 'all', item: 'sv_aware_where', options: ['ja'] },
    { code: 'sv_aware_complaints', direction: 'higher', select: 'options', kind: 'proportion', base: 'all', item: 'sv_aware_complaints', options: ['ja'] },
    { code: 'sv_aware_vp', direction: 'higher', select: 'options', kind: 'proportion', base: 'all', item: 'sv_aware_vp', options: ['ja'] },
    { code: 'sv_aware_code', direction: 'higher', select: 'options', kind: 'proportion', base: 'all', item: 'sv_aware_code', options: ['ja'] },
    { code: 'sv_willing', direction: 'higher', select: 'collapse', kind: 'proportion', base: 'all', item: 'sv_willing', collapses: [{ option: 'agree', collapse: 'agree' }] },
    { code: 'sv_trust', direction: 'higher', select: 'collapse', kind: 'proportion', base: 'all', item: 'sv_trust', collapses: [{ option: 'agree', collapse: 'agree' }] },
    { code: 'sv_fear', direction: 'lower', select: 'collapse', kind: 'proportion', base: 'all', item: 'sv_fear', collapses: [{ option: 'agree', collapse: 'agree' }] },
    { code: 'sv_channel', select: 'options', kind: 'proportion', base: 'all', item: 'sv_channel', options: 'each' },
    { code: 'sv_unsafe', direction: 'lower', select: 'collapse', kind: 'proportion', base: 'all', item: 'sv_safe', collapses: [{ option: 'yes', collapse: 'unsafe' }] },
    { code: 'werkdruk', direction: 'higher', select: 'scale_mean', kind: 'mean', base: 'all', scale: 'werkdruk' },
    { code: 'leiding', direction: 'higher', select: 'scale_mean', kind: 'mean', base: 'all', scale: 'leiding' },
    { code: 'team', direction: 'higher', select: 'scale_mean', kind: 'mean', base: 'all', scale: 'team' },
    { code: 'betrokkenheid', direction: 'higher', select: 'scale_mean', kind: 'mean', base: 'all', scale: 'betrokkenheid' },
    { code: 'psy_veiligheid', direction: 'higher', select: 'scale_mean', kind: 'mean', base: 'all', scale: 'psy_veiligheid' },
    { code: 'vier_v', direction: 'higher', select: 'scale_mean', kind: 'mean', base: 'all', scale: 'vier_v' },
    { code: 'sat', direction: 'higher', select: 'item_mean', kind: 'mean', base: 'all', item: 'sat' },
    { code: 'response_rate', direction: 'higher', select: 'respondents', kind: 'proportion', base: 'headcount' },
  ],
} satisfies InstrumentDefinitionInput;
