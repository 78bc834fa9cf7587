// The one bundle the server serves at /assets/cadre.js; a page of the LMS can embed it with a
// single <script type="module"> tag. Each import registers its custom element.
import './cadre.css';
import './service-status/service-status.js';
import './exam/exam.js';
import './candidate-home/candidate-home.js';
import './result-sheet/result-sheet.js';
