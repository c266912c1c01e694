// Trace a Request, live: from an API or operation of the live tree, from a request of a .http file,
// or from a simulated request in the trace viewer ("Run against Azure"). The core does the token
// flow (src/tracing/liveTrace.ts); this adapter picks the service, the request and the local APIOps
// folder whose policies the live entries link to, shows progress with cancellation, and keeps the
// debug tokens and subscription keys in memory only (never in a file, the log or the trace).
// "Compare with Simulation" shows the last live trace beside the simulator's; "Export as Test"
// keeps the pair as a policy test file; "Stop Tracing" revokes the tokens.

import { writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { DebugTokens, LiveTraceError, liveTraceEntries, type LiveTraceResult } from '../../tracing/liveTrace';
import { liveComparison } from '../../tracing/liveGatewayConfig';
import { compareWithSimulation, liveProductOf, traceRequests, type LiveTraceOutcome } from '../../tracing/liveTraceSession';
import type { ServiceRef } from '../../azure/scopes';
import { PROCESS_SECRETS, SecretSet } from '../../common/secrets';
import type { LiveNode } from '../../explorer/liveTree';
import { gatewayFromApiops } from '../../gateway/apiopsGateway';
import type { GatewayConfig } from '../../gateway/gatewayConfig';
import { HttpFileError, parseHttpFile, type HttpFileRequest } from '../../gateway/httpFile';
import { readPolicyText } from '../../gateway/simulationReport';
import { comparisonViewRequest, liveTraceViewRequest } from '../../gateway/traceView';
import { regressionTestYaml } from '../../tracing/traceExport';
import type { TraceViewRequest } from '../../protocol/traceView';
import { loadApiopsService } from '../../workspace/apiopsLoader';
import { nodeFileSystem } from '../../workspace/fileSystem';
import { tracePolicies } from '../config';
import type { Log } from '../log';
import { showTrace, onTraceViewAction } from '../traceViewerPanel';
import type { ExplorerTreeProvider } from '../tree/explorerTreeProvider';
import type { AzureAccount } from './azureAccount';

export interface TraceLiveArgs {
  /** The service's ARM id: skips the pick (a .http file's requests). */
  readonly service?: string;
  /** Run only this request of the .http file (0-based). */
  readonly only?: number;
  /** For an operation: the request line to send (skips the input box). */
  readonly requestLine?: string;
  /** A subscription key to send (skips finding one). */
  readonly key?: string;
  /** The APIOps folder the live entries link to and the comparison simulates (default: the explorer's first). */
  readonly folder?: string;
  /** `live`: link to and compare with the service's live policies (`apim:` documents) even when a folder is open; the default when none is. */
  readonly policies?: 'live' | 'folder';
  /** `managed` (default) or a self-hosted gateway's id, with its address. */
  readonly gatewayId?: string;
  readonly gatewayUrl?: string;
}

/** What a trace command returns: the viewer's requests (tests read them). */
export interface LiveTraceShown {
  readonly trace: readonly TraceViewRequest[];
  readonly outcomes: readonly LiveTraceOutcome[];
}

interface LastTrace {
  readonly service: ServiceRef;
  readonly outcomes: readonly LiveTraceOutcome[];
  readonly folder?: string;
  /** Without a folder: the live policies read for the links and the comparison, by `apim:` URI. */
  readonly liveTexts?: ReadonlyMap<string, string>;
  readonly title: string;
}

export class LiveTracing implements vscode.Disposable {
  private readonly tokens = new Map<string, DebugTokens>();
  private readonly secrets = new SecretSet(PROCESS_SECRETS);
  /** Subscription keys given by the user, per service and API: memory only. */
  private readonly keys = new Map<string, string>();
  private last: LastTrace | undefined;
  private lastCompared: { readonly outcome: LiveTraceOutcome; readonly folder?: string } | undefined;
  /** The .http file and its requests the trace viewer shows a simulation of ("Run against Azure"). */
  private lastSimulated: { readonly file: vscode.Uri } | undefined;
  private readonly listener: vscode.Disposable;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly azure: AzureAccount,
    private readonly explorer: ExplorerTreeProvider,
    private readonly log: Log,
    private readonly state?: vscode.Memento,
  ) {
    this.listener = onTraceViewAction(async (m) => {
      try {
        if (m.type === 'compare') await this.compare();
        if (m.type === 'exportTest') await this.exportTest();
        if (m.type === 'runLive' && this.lastSimulated) await this.traceHttp(this.lastSimulated.file, { only: m.index });
      } catch (e) {
        if (e instanceof vscode.CancellationError) return;
        this.log.error('Trace viewer action failed', e);
        void vscode.window.showErrorMessage(this.secrets.maskText(e instanceof Error ? e.message : String(e)));
      }
    });
  }

  /** Remembers the .http file a simulation came from, so the viewer can run it against Azure. */
  simulatedFrom(file: vscode.Uri | undefined): void {
    this.lastSimulated = file ? { file } : undefined;
  }

  private tokensFor(service: ServiceRef): DebugTokens {
    let t = this.tokens.get(service.id.toLowerCase());
    if (!t) {
      t = new DebugTokens(this.azure.client(service.subscriptionId), service, this.secrets);
      this.tokens.set(service.id.toLowerCase(), t);
    }
    return t;
  }

  /** Trace a Request on an API or operation of the live tree. */
  async traceNode(node: LiveNode | undefined, args: TraceLiveArgs = {}): Promise<LiveTraceShown | undefined> {
    if (!node || (node.kind !== 'liveApi' && node.kind !== 'liveOperation')) throw new Error('Trace Request works on an API or an operation of a live service in the APIM explorer, or on a request of a .http file.');
    const service = node.service;
    let operation: { method: string; urlTemplate: string } | undefined;
    let apiPath: string;
    if (node.kind === 'liveOperation') {
      operation = node.operation;
      apiPath = (await this.apiPath(service, node.apiId)) ?? '';
    } else {
      apiPath = node.api.path;
      if (!args.requestLine) {
        const ops = await this.azure.service(service).listOperations(node.api.name);
        const picked = ops.length === 1 ? ops[0] : await vscode.window.showQuickPick(ops.map((o) => ({ label: o.displayName, description: `${o.method} ${o.urlTemplate}`, op: o })), { title: `Trace a request to ${node.api.displayName}`, placeHolder: 'The operation to send a request to' }).then((p) => p?.op);
        if (!picked) return undefined;
        operation = picked;
      }
    }
    let line = args.requestLine;
    if (line === undefined) {
      const suggested = `${operation?.method ?? 'GET'} /${[apiPath, (operation?.urlTemplate ?? '/').replace(/^\//, '')].filter(Boolean).join('/')}`;
      const param = /\{[^}]+\}/.exec(suggested);
      line = await vscode.window.showInputBox({
        title: 'Trace a request through the live gateway',
        prompt: 'The request to send (method and path on the gateway); fill in the parameters',
        value: suggested,
        ...(param ? { valueSelection: [param.index, param.index + param[0].length] as [number, number] } : {}),
        validateInput: (v) => (/^[A-Za-z]+ \S+$/.test(v.trim()) ? undefined : 'Write a method and a path: GET /orders/orders/42'),
      });
    }
    if (line === undefined) return undefined;
    const [method = 'GET', url = '/'] = line.trim().split(/\s+/);
    const request: HttpFileRequest = { name: '', method: method.toUpperCase(), url, headers: [], body: null, line: 1 };
    return this.run(service, [request], `${method.toUpperCase()} ${url}`, args);
  }

  private async apiPath(service: ServiceRef, apiId: string): Promise<string | undefined> {
    let next: string | undefined;
    do {
      const page = await this.azure.service(service).listApis(next);
      const hit = page.items.find((a) => a.name === apiId);
      if (hit) return hit.path;
      next = page.next;
    } while (next);
    return undefined;
  }

  /** Trace a Request on a .http file (all its requests, or `only`). */
  async traceHttp(arg: unknown, args: TraceLiveArgs = {}): Promise<LiveTraceShown | undefined> {
    const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
    if (!uri || !uri.path.endsWith('.http')) throw new Error('Trace Request runs a request of a .http file: open one and run it again, or use it on an API or operation of the live tree.');
    const doc = await vscode.workspace.openTextDocument(uri);
    let requests: HttpFileRequest[];
    try {
      requests = parseHttpFile(doc.getText());
    } catch (e) {
      if (e instanceof HttpFileError) throw new Error(`${path.basename(uri.fsPath)}:${e.line}: ${e.message}`);
      throw e;
    }
    if (args.only !== undefined) {
      const one = requests[args.only];
      if (!one) throw new Error(`${path.basename(uri.fsPath)} has ${requests.length} requests: there is no request ${args.only + 1}.`);
      requests = [one];
    }
    const service = await this.pickService(uri, args.service, requests);
    if (!service) return undefined;
    return this.run(service, requests, path.basename(uri.fsPath), args);
  }

  /** The service a .http file's requests go to: given, remembered for the file, or picked. */
  private async pickService(uri: vscode.Uri, given: string | undefined, requests: readonly HttpFileRequest[]): Promise<ServiceRef | undefined> {
    const memoKey = `apimWorkbench.trace.service:${uri.toString()}`;
    const id = given ?? this.state?.get<string>(memoKey);
    const subscriptions = await this.azure.listSubscriptions();
    // A request written against a service's default gateway host (https://<name>.azure-api.net/…) names it.
    const host = requests.map((r) => /^https?:\/\/([^/.]+)\.azure-api\.net(?:[:/]|$)/i.exec(r.url)?.[1]).find(Boolean);
    if (!given && host) {
      const all = (await Promise.all(subscriptions.map((s) => this.azure.listServices(s.id).catch(() => [])))).flat();
      const named = all.filter((s) => s.name.toLowerCase() === host.toLowerCase());
      if (named.length === 1) return named[0];
    }
    if (id) {
      const sub = /^\/subscriptions\/([^/]+)\//i.exec(id)?.[1];
      const found = sub ? (await this.azure.listServices(sub)).find((s) => s.id.toLowerCase() === id.toLowerCase()) : undefined;
      if (found) return found;
      if (given) throw new Error(`No API Management service ${id} in your subscriptions.`);
    }
    const services = (await Promise.all(subscriptions.map((s) => this.azure.listServices(s.id).catch(() => [])))).flat();
    if (services.length === 0) throw new Error('No API Management service found: sign in to Azure (APIM Workbench: Sign In to Azure) and check the subscriptions selected.');
    const picked = services.length === 1 ? services[0] : (await vscode.window.showQuickPick(services.map((s) => ({ label: s.name, description: s.resourceGroup, detail: s.id, s })), { title: 'Trace through which API Management service?', placeHolder: 'The service whose gateway gets the requests' }))?.s;
    if (picked) await this.state?.update(memoKey, picked.id);
    return picked;
  }

  /** The APIOps folder the live entries link to: given, else the explorer's first. */
  private async folderFor(args: TraceLiveArgs): Promise<string | undefined> {
    return args.folder ?? (await this.explorer.serviceRoots())[0];
  }

  private async config(folder: string | undefined): Promise<GatewayConfig | undefined> {
    if (!folder) return undefined;
    try {
      return await gatewayFromApiops(await loadApiopsService(nodeFileSystem, folder), nodeFileSystem);
    } catch (e) {
      this.log.warn(`The APIOps folder ${folder} could not be loaded for linking the live trace: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
  }

  /**
   * The gateway to trace through: given, else the managed one when the service has no self-hosted
   * gateway, else picked (a self-hosted gateway's address is asked once and remembered).
   */
  private async pickGateway(service: ServiceRef, args: TraceLiveArgs): Promise<{ gatewayId: string; gatewayUrl?: string } | undefined> {
    if (args.gatewayId) return { gatewayId: args.gatewayId, ...(args.gatewayUrl ? { gatewayUrl: args.gatewayUrl } : {}) };
    const selfHosted: string[] = [];
    try {
      for await (const g of this.azure.client(service.subscriptionId).gateway.listByService(service.resourceGroup, service.name)) if (g.name) selfHosted.push(g.name);
    } catch (e) {
      // Tiers without self-hosted gateways answer with an error: the managed gateway it is.
      this.log.info(`Listing the self-hosted gateways of ${service.name}: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (selfHosted.length === 0) return { gatewayId: 'managed' };
    const picked = await vscode.window.showQuickPick([{ label: 'managed', description: 'the built-in gateway' }, ...selfHosted.map((g) => ({ label: g, description: 'self-hosted' }))], { title: `Trace through which gateway of ${service.name}?` });
    if (!picked) return undefined;
    if (picked.label === 'managed') return { gatewayId: 'managed' };
    const memo = `apimWorkbench.trace.gatewayUrl:${service.id.toLowerCase()}/${picked.label}`;
    const url = await vscode.window.showInputBox({ title: `The address of self-hosted gateway ${picked.label}`, prompt: 'Where requests reach it from here, e.g. https://gateway.contoso.internal', value: this.state?.get<string>(memo) ?? '', validateInput: (v) => (/^https?:\/\/\S+$/.test(v.trim()) ? undefined : 'An http:// or https:// address') });
    if (!url) return undefined;
    await this.state?.update(memo, url.trim());
    return { gatewayId: picked.label, gatewayUrl: url.trim() };
  }

  private async run(service: ServiceRef, requests: readonly HttpFileRequest[], title: string, args: TraceLiveArgs): Promise<LiveTraceShown | undefined> {
    const gateway = await this.pickGateway(service, args);
    if (!gateway) return undefined;
    args = { ...args, ...gateway };
    const folder = (args.policies ?? tracePolicies()) === 'live' ? undefined : await this.folderFor(args);
    // Without a local folder, the live policies of each request's API (apim: documents) are read
    // and simulated: the entries link there and Compare with Simulation shows them at once.
    const liveTexts = folder ? undefined : new Map<string, string>();
    const compareWith = folder ? await this.config(folder) : this.liveConfig(service, liveTexts!);
    const outcomes: LiveTraceOutcome[] = [];
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Tracing through ${service.name}`, cancellable: true }, async (progress, token) => {
      const controller = new AbortController();
      const sub = token.onCancellationRequested(() => controller.abort());
      try {
        await traceRequests(
          {
            client: this.azure.client(service.subscriptionId),
            service,
            tokens: this.tokensFor(service),
            gatewayId: args.gatewayId ?? 'managed',
            ...(args.gatewayUrl ? { gatewayUrl: args.gatewayUrl } : {}),
            ...(args.key ?? this.keys.get(service.id.toLowerCase()) ? { key: (args.key ?? this.keys.get(service.id.toLowerCase())) as string } : {}),
            secrets: this.secrets,
            ...(compareWith ? { compareWith } : {}),
            signal: controller.signal,
            progress: (step) => progress.report({ message: this.secrets.maskText(step) }),
          },
          requests,
          (o) => {
            outcomes.push(o);
          },
        );
      } catch (e) {
        if (e instanceof LiveTraceError && e.failure === 'cancelled') throw new vscode.CancellationError();
        throw e;
      } finally {
        sub.dispose();
      }
    });
    if (args.key) {
      this.secrets.add(args.key);
      this.keys.set(service.id.toLowerCase(), args.key);
    }
    this.last = { service, outcomes, ...(folder ? { folder } : {}), ...(liveTexts ? { liveTexts } : {}), title };
    const trace = outcomes.map((o) => this.view(o, folder, liveTexts));
    const failures = outcomes.filter((o) => o.error);
    const notices = [
      ...failures.map((o) => `${o.request.method} ${o.request.url}: ${o.error!.message}`),
      folder
        ? `Steps link to the policies of ${path.basename(folder)} (a local APIOps folder): a link marked "likely" matched by name and order only.`
        : outcomes.some((o) => o.simulated)
          ? `Steps link to the live policies of ${service.name} (apim: documents, as Azure has them now): a link marked "likely" matched by name and order only.`
          : 'Steps do not link to policies: the live policies could not be read (see the log), and no local APIOps folder is open.',
    ];
    showTrace(this.extensionUri, { kind: 'live', title: `${title} (live)`, subtitle: `through ${service.name}, gateway ${args.gatewayId ?? 'managed'}`, notices, requests: trace }, this.report(outcomes));
    if (failures.length) void vscode.window.showWarningMessage(this.secrets.maskText(failures[0]!.error!.message));
    return { trace, outcomes };
  }

  /**
   * The simulator's configuration for a traced request from the live service (its API, product,
   * fragments, backends and named values); undefined, with the reason logged, when it cannot be read.
   */
  private liveConfig(service: ServiceRef, texts: Map<string, string>): (result: LiveTraceResult) => Promise<GatewayConfig | undefined> {
    return liveComparison(this.azure.service(service), texts, (api, e) => this.log.warn(`The live policies of ${api} could not be read to link the trace: ${e instanceof Error ? e.message : String(e)}`));
  }

  private view(o: LiveTraceOutcome, folder: string | undefined, liveTexts?: ReadonlyMap<string, string>): TraceViewRequest {
    if (!o.result) {
      const r = o.error?.response;
      return { method: o.request.method, url: o.request.url, status: r?.status ?? 0, reason: r ? r.reason : (o.error?.message ?? 'not traced'), headers: r?.headers ?? [], body: r?.body ?? null, entries: [] };
    }
    const live = { request: { ...o.result.request, ...(o.request.name ? { name: o.request.name } : {}) }, response: o.result.response, entries: liveTraceEntries(o.result.trace), api: o.result.api };
    return liveTraceViewRequest(live, o.simulated, (f) => liveTexts?.get(f) ?? readPolicyText(f), folder ? { root: folder } : {});
  }

  private report(outcomes: readonly LiveTraceOutcome[]): string {
    const lines: string[] = [];
    for (const o of outcomes) {
      lines.push('', o.result ? `${o.result.request.method} ${o.result.request.url} → ${o.result.response.status} ${o.result.response.reason} (trace ${o.result.traceId})` : `${o.request.method} ${o.request.url}: ${o.error?.message ?? ''}`);
      if (o.result) for (const e of liveTraceEntries(o.result.trace)) lines.push(`  ${e.section.padEnd(9)} ${e.elapsed ?? ''}  ${e.source}: ${typeof e.data === 'string' ? e.data : JSON.stringify(e.data ?? null)}`);
    }
    return this.secrets.maskText(lines.join('\n'));
  }

  /** Compare with Simulation: the last live trace beside the simulator's, the first difference marked. */
  async compare(args: TraceLiveArgs = {}): Promise<LiveTraceShown> {
    const last = this.last;
    const traced = last?.outcomes.filter((o) => o.result);
    if (!last || !traced?.length) throw new Error('Compare with Simulation compares a live trace: trace a request first (Trace Request on an API, an operation or a .http request).');
    const liveTexts = args.folder ? undefined : last.liveTexts;
    if (liveTexts) {
      // Traced without a folder: the live policies were simulated when it was traced.
      if (traced.some((o) => !o.simulated || !o.comparison)) throw new Error(`Compare with Simulation needs the service's policies: the live policies of ${last.service.name} could not be read when it was traced (see the log), and no local APIOps folder was given.`);
      this.lastCompared = { outcome: traced[0]! };
      const trace = traced.map((o) => comparisonViewRequest(this.view(o, undefined, liveTexts), o.comparison!, liveTraceEntries(o.result!.trace), o.simulated!, (f) => liveTexts.get(f) ?? readPolicyText(f)));
      this.showComparison(last, traced, trace, `${last.service.name} against its live policies`);
      return { trace, outcomes: traced };
    }
    const folder = args.folder ?? last.folder ?? (await this.folderFor(args));
    const config = await this.config(folder);
    if (!folder || !config) throw new Error('Compare with Simulation needs the service\'s policies in a local APIOps folder (extract it from the service, or open the folder): none is open.');
    const outcomes: LiveTraceOutcome[] = [];
    for (const o of traced) {
      // Simulated when it was traced (with the key it was sent with), unless the folder is another now.
      if (o.simulated && o.comparison && folder === last.folder) {
        outcomes.push(o);
        continue;
      }
      const key = this.keys.get(last.service.id.toLowerCase());
      const { simulated, comparison } = await compareWithSimulation(config, { method: o.request.method, url: o.result!.request.url, headers: o.request.headers, body: o.request.body }, o.result!, key, new URL(o.result!.request.url).origin, this.secrets);
      outcomes.push({ ...o, simulated, comparison });
    }
    this.lastCompared = { outcome: outcomes[0]!, folder };
    const trace = outcomes.map((o) => comparisonViewRequest(this.view(o, folder), o.comparison!, liveTraceEntries(o.result!.trace), o.simulated!, readPolicyText, { root: folder }));
    this.showComparison(last, outcomes, trace, `${last.service.name} against ${path.basename(folder)}`);
    return { trace, outcomes };
  }

  private showComparison(last: LastTrace, outcomes: readonly LiveTraceOutcome[], trace: readonly TraceViewRequest[], subtitle: string): void {
    const differing = outcomes.filter((o) => o.comparison?.first).length;
    showTrace(this.extensionUri, { kind: 'comparison', title: `${last.title} (live ⟷ simulated)`, subtitle, notices: [differing ? `${differing} of ${outcomes.length} request${outcomes.length === 1 ? '' : 's'} differ: the first difference is marked ▶. Export as Test keeps it as a regression test.` : 'The simulator agrees with the live gateway.'], requests: trace }, this.report(outcomes));
  }

  /** Export as Test: the last compared request as a *.apimtest.yaml beside the folder's scenarios. */
  async exportTest(args: { readonly file?: string } = {}): Promise<string | undefined> {
    const pair = this.lastCompared;
    if (!pair?.outcome.result) throw new Error('Export as Test keeps a comparison: run Compare with Simulation on a live trace first.');
    if (!pair.folder) throw new Error('Export as Test writes a test that runs the simulator over a local APIOps folder: this comparison used the live policies. Extract the service (or open its folder) and compare again.');
    const folder = pair.folder;
    const o = pair.outcome;
    const result = o.result!;
    let file = args.file;
    if (!file) {
      const picked = await vscode.window.showSaveDialog({ title: 'Export the live trace as a policy test', defaultUri: vscode.Uri.file(path.join(folder, 'scenarios', `live-${result.traceId.slice(0, 8)}.apimtest.yaml`)), filters: { 'Policy tests': ['yaml'] } });
      if (!picked) return undefined;
      file = picked.fsPath;
    }
    const entries = liveTraceEntries(result.trace);
    const productId = liveProductOf(entries);
    const text = regressionTestYaml({ name: `${result.request.method} ${new URL(result.request.url).pathname}, as traced live on ${new Date().toISOString().slice(0, 10)}`, testFile: file, folder, request: { method: o.request.method, url: result.request.url, headers: result.request.headers, body: o.request.body }, liveEntries: entries, liveResponse: result.response, ...(productId ? { product: productId } : {}), traceId: result.traceId }, this.secrets);
    await writeFile(file, text, 'utf8');
    void vscode.window.showInformationMessage(`Exported ${path.basename(file)}: run it with Run Test, or apim-workbench test.`);
    return file;
  }

  /** Stop Tracing: revokes the debug tokens issued on every service traced (invalidateDebugCredentials). */
  async stop(): Promise<string[]> {
    const revoked: string[] = [];
    for (const [, tokens] of this.tokens) {
      for (const g of await tokens.revoke()) revoked.push(`${tokens.service.name}/${g}`);
    }
    this.tokens.clear();
    this.keys.clear();
    void vscode.window.showInformationMessage(revoked.length ? `Debug tokens revoked: ${revoked.join(', ')}.` : 'No debug token was issued in this session.');
    return revoked;
  }

  dispose(): void {
    this.listener.dispose();
  }
}
