/**
 * Sample content seeded into the local Pressroom demo.
 *
 * All text below is original sample content written for the local demo. The
 * organisation ("the Alliance"), its officials and any quoted remarks are
 * fictional; the quotes are invented and must not be attributed to real people.
 * Ids are fixed so that seeding the demo is idempotent.
 */

export interface SampleVideo {
  id: string;
  title: string;
}

export interface SampleArticle {
  id: string;
  slug: string;
  title: string;
  summary: string;
  body: string;
  tags: string[];
  publishedAt: string;
  videos: SampleVideo[];
}

/** Joins paragraphs with the blank line expected by the article body format. */
function paragraphs(...parts: string[]): string {
  return parts.join('\n\n');
}

export const sampleArticles: readonly SampleArticle[] = [
  {
    id: 'art_2eldlybjzdpjyuhs',
    slug: 'secretary-general-washington-speech-deterrence-ukraine-china',
    title:
      'Secretary General in Washington: stronger deterrence, steady support for Ukraine and fewer risky dependencies',
    summary:
      'Speaking at a Washington think tank, the Secretary General argued that credible deterrence, lasting help for Ukraine and less reliance on China for critical supplies all depend on Allies investing more in defence.',
    body: paragraphs(
      'The Secretary General set out the Alliance\'s priorities for the year ahead in a speech at the Meridian Institute for Strategic Studies in Washington on Wednesday 31 January 2024, less than six months before the Alliance\'s leaders are due to meet in the same city for their summit.',
      'Deterrence and defence were at the centre of the address. The Secretary General said the Alliance had made the largest changes to its posture in a generation, with more forces at higher readiness, new regional defence plans and more troops along its eastern flank. "We do not build up our defences to start a conflict, but to make sure that none begins," the Secretary General said, adding that the purpose of deterrence is to remove any room for miscalculation by a potential adversary.',
      'On Ukraine, the Secretary General called on Allies to keep their support predictable and long-term rather than announcing it package by package. Ammunition, air defence and maintenance of equipment already delivered were described as the most urgent needs. "The outcome of this war will shape the security of all of us for decades," the Secretary General told the audience, arguing that helping Ukraine defend itself costs far less than the alternative.',
      'A significant part of the speech dealt with China. The Secretary General said the Alliance does not regard China as an adversary, but warned against dependencies that could be used as leverage in a crisis. Critical minerals, semiconductors, batteries and parts of telecommunications networks were cited as areas where Allies should know exactly where their supply chains begin. The Secretary General also urged closer screening of foreign investment in sensitive technology and infrastructure, and said lessons from Europe\'s reliance on Russian energy should not be forgotten.',
      'Turning to budgets, the Secretary General welcomed the fact that a growing number of Allies now meet the commitment to spend at least 2% of gross domestic product on defence, but said that figure should be treated as a floor, not a ceiling. Industrial capacity, the Secretary General added, cannot be switched on overnight: manufacturers need long-term orders to hire staff and expand production lines.',
      'The speech was followed by a moderated discussion with students and researchers, during which the Secretary General answered questions on burden-sharing between North America and Europe and on cooperation with partners in the Indo-Pacific region. The full recording is available to accredited media below.',
    ),
    tags: ['deterrence', 'ukraine', 'china', 'defence-spending'],
    publishedAt: '2024-01-31T17:30:00.000Z',
    videos: [
      {
        id: 'vid_ntw2z7xb2pb7bgiv',
        title: "Secretary General's remarks at the Meridian Institute, full speech and Q&A",
      },
    ],
  },
  {
    id: 'art_za2i3ag7girmxe42',
    slug: 'exercise-boreal-anvil-24-transatlantic-reinforcement',
    title: 'Exercise Boreal Anvil 24 tests rapid reinforcement from North America to the eastern flank',
    summary:
      'Around 18,000 personnel from 23 Allies are taking part in Boreal Anvil 24, an exercise running from 12 to 29 February that rehearses moving forces across the Atlantic and through Europe at speed.',
    body: paragraphs(
      'Troops, ships and aircraft from 23 Allies began Exercise Boreal Anvil 24 on Monday 12 February 2024. Running until 29 February, the exercise involves around 18,000 personnel and is designed to test how quickly the Alliance can move reinforcements from North America to Allies on its eastern flank.',
      'The first phase focuses on the Atlantic crossing. Roll-on roll-off ships carrying armoured vehicles, artillery and logistics equipment are sailing from ports on the east coast of North America, escorted by allied frigates and supported by maritime patrol aircraft. Planners will practise protecting the convoys against simulated submarine and air threats before the vessels arrive at ports in northern Germany and the Netherlands.',
      'In the second phase, units will move overland by road and rail towards Poland and the Baltic states. Military mobility is a central theme: the exercise will measure how long it takes to obtain border crossing permissions, how well civilian rail networks can carry heavy equipment and where bridges and junctions could become bottlenecks. Host nations are providing fuel, accommodation and traffic management along the routes.',
      '"Reinforcement is only a plan until you have actually done it," said Lieutenant General Anders Holmqvist, the exercise director. "Boreal Anvil lets us find the friction points in peacetime, so that we can fix them before they matter." He added that several national exercises have been linked to the scenario so that brigades already stationed in the region can train alongside the arriving forces.',
      'The final phase will see combined live-firing and a defensive scenario at training areas in Lithuania and Poland. The scenario is fictional and, the Alliance stresses, not directed at any country. Observers from partner nations have been invited to parts of the programme.',
      'Residents near ports, rail terminals and main roads in the host countries have been advised to expect more military traffic than usual throughout the month. Accredited media can request access to the port arrivals and the live-firing days through the press office; background footage is available below.',
    ),
    tags: ['exercises', 'deterrence', 'reinforcement', 'baltic-region'],
    publishedAt: '2024-02-12T08:00:00.000Z',
    videos: [
      {
        id: 'vid_2w557no75skucse6',
        title: 'B-roll: armoured vehicles unloading at the port and rail loading for the onward move',
      },
    ],
  },
  {
    id: 'art_nuqrieff2tgjpz33',
    slug: 'alliance-leaders-to-meet-in-washington-for-75th-anniversary-summit',
    title: 'Alliance leaders to meet in Washington in July for the 75th anniversary summit',
    summary:
      'Heads of state and government of all Allies will gather in Washington in July 2024, in the city where the Alliance\'s founding treaty was signed, to mark its 75th anniversary and take decisions on defence and support for Ukraine.',
    body: paragraphs(
      'The Alliance\'s leaders will hold their next summit in Washington from 9 to 11 July 2024, the Secretary General confirmed on Tuesday 20 February. The meeting coincides with the 75th anniversary of the signing of the Alliance\'s founding treaty, which took place in the same city in April 1949.',
      'Announcing the dates, the Secretary General said the anniversary was a moment to recognise what the Alliance has achieved, but above all to prepare for the years ahead. "Seventy-five years of keeping our people safe is worth celebrating, and the best way to celebrate it is to make sure we are ready for the next seventy-five," the Secretary General said.',
      'Three subjects are expected to dominate the agenda. The first is deterrence and defence: leaders will review progress in putting the new regional defence plans into practice, including the forces, command arrangements and stocks of equipment those plans require. The second is support for Ukraine, where Allies are discussing how to place their assistance on a firmer and more predictable footing over several years. The third is investment, with the Secretary General urging every Ally to arrive in Washington having met, or with a credible plan to meet, the commitment to spend at least 2% of GDP on defence.',
      'Partnerships will also feature. Leaders of partner countries in Europe and the Indo-Pacific region are expected to be invited to parts of the programme, and officials are preparing discussions on resilience, emerging technologies and the security implications of dependencies on strategic competitors.',
      'Officials said the declaration and accompanying decisions would be negotiated by national delegations in Brussels over the coming months, with defence and foreign ministers preparing key elements at their spring meetings.',
      'Practical details, including the venue, accreditation procedures and the media centre, will be published in the coming weeks. Journalists who wish to cover the summit are encouraged to register their interest with the press service now.',
    ),
    tags: ['summit', 'deterrence', 'ukraine'],
    publishedAt: '2024-02-20T11:00:00.000Z',
    videos: [
      {
        id: 'vid_uwndim3w2scxnwe4',
        title: 'Secretary General announces the Washington summit, statement to the press',
      },
    ],
  },
  {
    id: 'art_hgamwa2f6bdbsoag',
    slug: 'defence-ministers-brussels-industrial-production-ammunition-stockpiles',
    title: 'Defence ministers in Brussels push to expand industrial production and rebuild ammunition stockpiles',
    summary:
      'Meeting in Brussels on 14 and 15 February, Alliance defence ministers discussed how to speed up production of ammunition and key equipment, refill national stocks and keep deliveries to Ukraine flowing.',
    body: paragraphs(
      'Defence ministers from all Allies met at the Alliance\'s headquarters in Brussels on 14 and 15 February 2024, with industrial capacity and ammunition stockpiles at the top of their agenda.',
      'Two years of high-intensity fighting in Ukraine have shown how quickly modern forces consume artillery shells, air defence interceptors and spare parts. Several Allies have drawn down their own stocks to supply Ukraine, and ministers reviewed how far national orders placed over the past year are translating into new production. The Secretary General told reporters that output had increased but not yet by enough. "Contracts are being signed, lines are expanding, but the demand is still ahead of the supply," the Secretary General said.',
      'Ministers discussed the Alliance\'s work to pool orders between several countries, an approach intended to give manufacturers the volume and long-term certainty they need to invest in new factories. Officials said joint contracts for artillery ammunition and air defence missiles had already been placed through the Alliance\'s procurement agency and that more were being prepared. Common standards were another focus: the more interchangeable munitions and components are between allied systems, the easier it becomes to share stocks in an emergency.',
      'The meeting also reviewed the targets Allies set for the stocks they must hold under the Alliance\'s defence planning process. Several ministers argued for longer-term budgets that protect spending on munitions from year-to-year changes, while others raised shortages of skilled workers, explosives and raw materials as constraints on how fast production can grow.',
      'On the second day, ministers met in the Alliance-Ukraine Council with their Ukrainian counterpart, who briefed them on the situation on the battlefield and on Ukraine\'s most pressing needs, in particular air defence and artillery ammunition. Allies also discussed coordination between the various groups organising assistance, to avoid gaps and duplication.',
      'The outcome of the meeting will feed into the preparations for the Washington summit in July. A recording of the Secretary General\'s closing press conference is available below.',
    ),
    tags: ['defence-ministers', 'defence-industry', 'ukraine'],
    publishedAt: '2024-02-15T16:45:00.000Z',
    videos: [
      {
        id: 'vid_yewc7lty4uaaskjr',
        title: 'Press conference by the Secretary General after the meeting of defence ministers, full',
      },
    ],
  },
  {
    id: 'art_kroa4peprofdihao',
    slug: 'new-air-policing-rotation-begins-in-baltic-region',
    title: 'New air policing rotation takes over the skies above the Baltic states',
    summary:
      'Fighter detachments from three Allies have taken over the Baltic air policing mission for the next four months, operating from bases in Lithuania and Estonia.',
    body: paragraphs(
      'A new rotation of the Alliance\'s air policing mission in the Baltic region began on Monday 4 March 2024, when fighter detachments from three Allies formally took over from the outgoing contingents at Šiauliai Air Base in Lithuania and Ämari Air Base in Estonia.',
      'Estonia, Latvia and Lithuania do not operate their own fighter aircraft, so Allies have protected their airspace on a rotating basis since the three countries joined the Alliance in 2004. Each rotation normally lasts about four months. The incoming detachments bring around a dozen aircraft between them, together with pilots, maintenance crews and support personnel.',
      'Aircraft on quick reaction alert are ready to take off within minutes, around the clock, to identify and, where necessary, escort aircraft that approach allied airspace without a flight plan, without radio contact or without their transponders switched on. Most such intercepts involve military aircraft flying between mainland Russia and the Kaliningrad region over the Baltic Sea.',
      '"Air policing is a peacetime mission, but it is also a very visible sign that every Ally\'s airspace is shared airspace," said Colonel Ilse Marken, commander of the combined air operations centre responsible for the region. She said the detachments would also train with air defence units and ground controllers from the host nations during their deployment.',
      'The handover ceremonies were attended by representatives of the host governments and of the contributing Allies. The outgoing detachments, which flew dozens of intercept missions during their four months in the region, are returning to their home bases this week. Footage of the quick reaction alert crews is available to accredited media below.',
    ),
    tags: ['air-policing', 'baltic-region'],
    publishedAt: '2024-03-04T09:15:00.000Z',
    videos: [
      {
        id: 'vid_np4oi6opmpjsrcfw',
        title: 'B-roll: quick reaction alert scramble, fighter jets taking off and flying in formation',
      },
    ],
  },
];
