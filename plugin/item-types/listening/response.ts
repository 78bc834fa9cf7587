import { z } from 'zod';
import { responseSchema as choiceResponse } from '../multiple-choice/response.js';
import { responseSchema as typedResponse } from '../typed-gap/response.js';

/** The response to the task: { choice } for a multiple-choice task, { blanks } for a typed gap fill. */
export const responseSchema = z.union([choiceResponse, typedResponse]);
