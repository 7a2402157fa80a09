/** Just enough XML for S3's flat answers and error documents, without a parser in every bundle that talks to S3. */
const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
const XML_UNESCAPES = Object.fromEntries(Object.entries(XML_ESCAPES).map(([char, entity]) => [entity, char]));

export const escapeXml = (text: string): string => text.replace(/[&<>"']/g, (char) => XML_ESCAPES[char]!);

/** The text of the first element of this name in an S3 answer (its answers are flat enough for this). */
export function xmlText(xml: string, element: string): string | undefined {
  const match = new RegExp(`<${element}>([^<]*)</${element}>`).exec(xml);
  return match?.[1]?.replace(/&(amp|lt|gt|quot|apos);/g, (entity) => XML_UNESCAPES[entity]!);
}
