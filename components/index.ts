// The one bundle the server serves at /assets/cadre.js; a page of the LMS can embed it with a
// single <script type="module"> tag. Each import registers its custom element.
import './cadre.css';
import './service-status/service-status.js';
import './exam/exam.js';
import './candidate-home/candidate-home.js';
import './personal-details/personal-details.js';
import './demo-test/demo-test.js';
import './items/audio-player/audio-player.js';
import './items/installed.js';
import './scorm-packages/scorm-packages.js';
// Face detection for proctoring; @mediapipe/tasks-vision itself is loaded on first use (own chunk).
export { loadFaceEngine, type FaceEngine } from './proctoring/face-engine.js';
import './proctoring-monitor/proctoring-monitor.js';
import './proctoring-consent/proctoring-consent.js';
import './identity-check/identity-check.js';
import './equipment-check/equipment-check.js';
import './review-queue/review-queue.js';
import './booking/booking.js';
import './assessor-console/assessor-console.js';
import './oral-room/oral-room-candidate.js';
import './oral-room/oral-room-assessor.js';
import './availability/availability.js';
import './result-sheet/result-sheet.js';
import './instructor-dashboard/instructor-dashboard.js';
