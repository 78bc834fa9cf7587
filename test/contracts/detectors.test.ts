import { builtinDetectors } from '../../plugin/detectors/index.js';
import { runDetectorContract } from './detector-contract.js';

for (const detector of builtinDetectors) runDetectorContract(detector);
