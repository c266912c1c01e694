// The part of the extension that needs the Azure SDK, bundled apart (dist/azureRuntime.js) and
// loaded on first use: activation stays free of the SDK's load time (see bench:activation).

export { createApimClient } from '../../azure/apimClient';
export { LiveService } from '../../azure/liveService';
export { createPipelineRequest } from '@azure/core-rest-pipeline';
export { extractService } from '../../azure/extract';
export { comparePolicies } from '../../azure/compare';
export { applyPublish, deleteRevision, makeRevisionCurrent, planPublish } from '../../publish/revisionPublish';
export { changesFromFolder, reconcileFolder, recordPublishedRevision } from '../../publish/localRevisions';
