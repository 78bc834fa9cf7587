import { escapeXml } from './xml.js';
import { masteryScore, minNormalizedMeasure, type CefrLevel, type ScoreScale, type ScormVersion } from './scoring.js';

/** Files of the launcher SCO, relative to the package root. */
export const LAUNCH_HREF = 'launcher/index.html';
export const LAUNCHER_FILES = ['launcher/index.html', 'launcher/launcher.js', 'launcher/launcher.css', 'launcher/package.js'] as const;

/** The ADL / IMS schema files each version's manifest references (shipped at the package root). */
export const SCHEMA_FILES: Record<ScormVersion, readonly string[]> = {
  '1.2': ['imscp_rootv1p1p2.xsd', 'adlcp_rootv1p2.xsd', 'ims_xml.xsd'],
  '2004': [
    'imscp_v1p1.xsd',
    'adlcp_v1p3.xsd',
    'adlseq_v1p3.xsd',
    'adlnav_v1p3.xsd',
    'imsss_v1p0.xsd',
    'imsss_v1p0auxresource.xsd',
    'imsss_v1p0control.xsd',
    'imsss_v1p0delivery.xsd',
    'imsss_v1p0limit.xsd',
    'imsss_v1p0objective.xsd',
    'imsss_v1p0random.xsd',
    'imsss_v1p0rollup.xsd',
    'imsss_v1p0seqrule.xsd',
    'imsss_v1p0util.xsd',
    'xml.xsd',
    'XMLSchema.dtd',
    'datatypes.dtd',
  ],
};

export interface ManifestInput {
  /** The package id: manifest identifiers derive from it, so each package is a distinct course to the LMS. */
  packageId: string;
  title: string;
  targetLevel: CefrLevel;
  scoreScale: ScoreScale;
}

/** xsd:ID values must be NCNames: a letter first, then letters, digits, '-', '_' or '.'. */
function ncName(prefix: string, id: string): string {
  return `${prefix}-${id.replace(/[^A-Za-z0-9_.-]/g, '_')}`;
}

const files = () => LAUNCHER_FILES.map((f) => `      <file href="${f}"/>`).join('\n');

/** SCORM 1.2 (IMS CP 1.1.2 + ADL CP 1.2): one SCO; the mastery score is the target level on the package's scale. */
export function manifest12(input: ManifestInput): string {
  const title = escapeXml(input.title);
  return `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="${ncName('cadre', input.packageId)}" version="1"
  xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>1.2</schemaversion>
  </metadata>
  <organizations default="cadre-organization">
    <organization identifier="cadre-organization">
      <title>${title}</title>
      <item identifier="cadre-certification" identifierref="cadre-launcher" isvisible="true">
        <title>${title}</title>
        <adlcp:masteryscore>${masteryScore(input.targetLevel, input.scoreScale)}</adlcp:masteryscore>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="cadre-launcher" type="webcontent" adlcp:scormtype="sco" href="${LAUNCH_HREF}">
${files()}
    </resource>
  </resources>
</manifest>
`;
}

/**
 * SCORM 2004 4th edition (IMS CP 1.1.4 + ADL CP/SEQ/NAV 1.3 + IMS SS): one SCO whose primary
 * objective is satisfied by a scaled score at or above the target level; the launcher reports
 * completion and success itself.
 */
export function manifest2004(input: ManifestInput): string {
  const title = escapeXml(input.title);
  return `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="${ncName('cadre', input.packageId)}" version="1"
  xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3"
  xmlns:adlseq="http://www.adlnet.org/xsd/adlseq_v1p3"
  xmlns:adlnav="http://www.adlnet.org/xsd/adlnav_v1p3"
  xmlns:imsss="http://www.imsglobal.org/xsd/imsss"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://www.imsglobal.org/xsd/imscp_v1p1 imscp_v1p1.xsd http://www.adlnet.org/xsd/adlcp_v1p3 adlcp_v1p3.xsd http://www.adlnet.org/xsd/adlseq_v1p3 adlseq_v1p3.xsd http://www.adlnet.org/xsd/adlnav_v1p3 adlnav_v1p3.xsd http://www.imsglobal.org/xsd/imsss imsss_v1p0.xsd">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>2004 4th Edition</schemaversion>
  </metadata>
  <organizations default="cadre-organization">
    <organization identifier="cadre-organization" adlseq:objectivesGlobalToSystem="false">
      <title>${title}</title>
      <item identifier="cadre-certification" identifierref="cadre-launcher" isvisible="true">
        <title>${title}</title>
        <imsss:sequencing>
          <imsss:objectives>
            <imsss:primaryObjective objectiveID="cefr-${input.targetLevel}" satisfiedByMeasure="true">
              <imsss:minNormalizedMeasure>${minNormalizedMeasure(input.targetLevel)}</imsss:minNormalizedMeasure>
            </imsss:primaryObjective>
          </imsss:objectives>
          <imsss:deliveryControls completionSetByContent="true" objectiveSetByContent="true"/>
        </imsss:sequencing>
      </item>
      <imsss:sequencing>
        <imsss:controlMode choice="true" flow="true"/>
      </imsss:sequencing>
    </organization>
  </organizations>
  <resources>
    <resource identifier="cadre-launcher" type="webcontent" adlcp:scormType="sco" href="${LAUNCH_HREF}">
${files()}
    </resource>
  </resources>
</manifest>
`;
}

export function manifestFor(version: ScormVersion, input: ManifestInput): string {
  return version === '1.2' ? manifest12(input) : manifest2004(input);
}
