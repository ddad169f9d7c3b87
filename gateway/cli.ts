#!/usr/bin/env node
/**
 * `samband` command line: start the gateway, check a configuration, hash a secret.
 * Exit codes: 0 ok, 1 invalid input (config problems), 2 start-up failure.
 */
import { createInterface } from 'node:readline';
import { Command, Option } from 'commander';
import { PROTOCOL_FORMATS, type ProtocolFormat } from '../bridge/conference-log/protocols.js';
import { SambandError } from '../bridge/errors.js';
import { REPORT_FORMATS, type ReportFormat } from '../bridge/sambandstest/report.js';
import { checkConfigFile, checkRunTime, formatProblem } from '../config/check.js';
import { ConfigError } from '../config/errors.js';
import { explainRosters } from '../config/explain.js';
import { loadConfig } from '../config/load.js';
import type { ConfigProblem } from '../config/problem.js';
import { hashSecret } from '../config/secrets.js';
import { CONSOLE_HELP, runConsoleCommand } from '../sim/tetra/console.js';
import { servePtyWorld } from '../sim/tetra/pty-world.js';
import { startBanner } from './banner.js';
import { applyEnvOverrides } from './env-overrides.js';
import { createLogger } from './logger.js';
import { startGateway } from './main.js';
import { writeProtocol } from './protocol-command.js';
import { reportText } from './report-command.js';
import { installShutdown } from './shutdown.js';
import { DEFAULT_CONFIG_FILE, VERSION } from './version.js';

const program = new Command()
  .name('samband')
  .description('Resilient communications gateway for crisis-coordination conferences')
  .version(VERSION);

program
  .command('start')
  .description('start the gateway (default: the fully simulated demo)')
  .option('-c, --config <file>', 'configuration file', DEFAULT_CONFIG_FILE)
  .action(async (options: { config: string }) => {
    const loaded = loadOrExit(options.config);
    const logger = createLogger({ level: loaded.config.log.level });
    for (const warning of loaded.warnings)
      logger.warn({ warning: formatProblem(warning) }, 'configuration warning');
    try {
      for (const override of applyEnvOverrides(loaded.config, process.env)) {
        logger.info(override, 'configuration overridden from the environment');
      }
      const gateway = await startGateway({ config: loaded.config, logger });
      process.stderr.write(startBanner(loaded.config, gateway, loaded.file));
      installShutdown({
        stop: () => gateway.stop(),
        timeoutMs: loaded.config.gateway.shutdownTimeoutMs,
        logger,
      });
    } catch (error) {
      logger.error({ err: error }, 'gateway failed to start');
      process.stderr.write(`samband: failed to start: ${describe(error)}\n`);
      logger.flush();
      process.exitCode = 2;
    }
  });

program
  .command('sim')
  .description('serve simulated RAKEL terminals on pseudo-terminals at the radios[].port paths of a config')
  .option('-c, --config <file>', 'configuration file', DEFAULT_CONFIG_FILE)
  .action(async (options: { config: string }) => {
    const loaded = loadOrExit(options.config);
    const logger = createLogger({ level: loaded.config.log.level });
    const sim = await servePtyWorld(loaded.config, logger).catch((error: unknown) => {
      process.stderr.write(`samband sim: ${describe(error)}\n`);
      process.exit(2);
    });
    for (const r of sim.radios)
      process.stderr.write(`serving ${r.radio.id} (ISSI ${r.radio.issi}) on ${r.pair.device}\n`);
    process.stderr.write(`samband sim ready. ${CONSOLE_HELP}\n`);
    const lines = createInterface({ input: process.stdin, terminal: false });
    lines.on('line', (line) => {
      void runConsoleCommand(line, loaded.config, sim).then((out) => {
        if (out) process.stdout.write(`${out}\n`);
      });
    });
    installShutdown({ stop: () => sim.close(), timeoutMs: loaded.config.gateway.shutdownTimeoutMs, logger });
  });

program
  .command('check-config')
  .description(
    'validate a configuration file, then check that this machine can run it (ports free, data directory writable, serial devices present); prints every problem with file, line and field',
  )
  .argument('<file>', 'configuration file')
  .option('--offline', 'skip the checks that touch this machine (ports, files, devices)')
  .option('--explain', "print whom each conference's roster resolves to")
  .action(async (file: string, options: { offline?: boolean; explain?: boolean }) => {
    const result = checkConfigFile(file);
    const out = (line: string) =>
      process.stdout.write(`${line}
`);
    for (const warning of result.warnings) out(`warning: ${formatProblem(warning)}`);
    if (!result.ok) {
      out('Configuration problems:');
      for (const problem of result.problems) out(formatProblem(problem));
    }
    let runTime: ConfigProblem[] = [];
    if (options.offline) {
      out('Run-time checks on this machine: skipped (--offline)');
    } else if (!result.ok || !result.config) {
      out('Run-time checks on this machine: skipped until the configuration is valid');
    } else {
      // As `start` would run it: the listen-address override changes which ports are bound.
      try {
        applyEnvOverrides(result.config, process.env);
      } catch (error) {
        out(`samband: ${describe(error)}`);
        process.exitCode = 1;
        return;
      }
      runTime = await checkRunTime(result);
      if (runTime.length > 0) {
        out('Run-time checks on this machine:');
        for (const problem of runTime) out(formatProblem(problem));
      }
    }
    const ok = result.ok && runTime.length === 0;
    if (result.ok && options.explain && result.config) process.stdout.write(explainRosters(result.config));
    if (ok) out(`${file}: ok`);
    process.exitCode = ok ? 0 : 1;
  });

program
  .command('report')
  .description(
    "print a sambandstest run's report from the gateway's database (works while the gateway is stopped)",
  )
  .argument('<runId>', 'the run id, as in GET /api/sambandstest/runs')
  .addOption(new Option('-f, --format <format>', 'report format').choices(REPORT_FORMATS).default('json'))
  .option('-c, --config <file>', 'configuration file (for gateway.dataDir)', DEFAULT_CONFIG_FILE)
  .action(async (runId: string, options: { format: ReportFormat; config: string }) => {
    const loaded = loadOrExit(options.config);
    try {
      process.stdout.write(await reportText(loaded.config, runId, options.format));
    } catch (error) {
      process.stderr.write(`samband report: ${describe(error)}\n`);
      process.exitCode = 1;
    }
  });

program
  .command('protocol')
  .description(
    "write a conference run's protocol (for WIS) from the gateway's database (works while the gateway is stopped)",
  )
  .argument('<conference>', 'the conference id')
  .option('-r, --run <runId>', 'the run, as in GET /api/conferences/:id/runs (default: the newest)')
  .addOption(new Option('-f, --format <format>', 'protocol format').choices(PROTOCOL_FORMATS).default('pdf'))
  .option('-o, --output <file>', 'file to write (default: stdout)')
  .option('-c, --config <file>', 'configuration file (for gateway.dataDir)', DEFAULT_CONFIG_FILE)
  .action(
    async (
      conferenceId: string,
      options: { run?: string; format: ProtocolFormat; output?: string; config: string },
    ) => {
      const loaded = loadOrExit(options.config);
      if (options.format === 'pdf' && !options.output && process.stdout.isTTY) {
        process.stderr.write('samband protocol: a PDF needs -o <file> (or a pipe)\n');
        process.exitCode = 1;
        return;
      }
      try {
        const written = await writeProtocol(
          loaded.config,
          {
            conferenceId,
            format: options.format,
            ...(options.run ? { runId: options.run } : {}),
            ...(options.output ? { output: options.output } : {}),
          },
          (body) => process.stdout.write(body),
        );
        if (written !== '-') process.stderr.write(`samband protocol: wrote ${written}\n`);
      } catch (error) {
        process.stderr.write(`samband protocol: ${describe(error)}\n`);
        process.exitCode = 1;
      }
    },
  );

program
  .command('hash-secret')
  .description('read a PIN, password or token on stdin and print its hash for the configuration')
  .action(async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    const secret = Buffer.concat(chunks)
      .toString('utf8')
      .replace(/\r?\n$/, '');
    if (secret.length === 0) {
      process.stderr.write(
        'samband hash-secret: no secret on stdin (e.g. `printf 4711 | samband hash-secret`)\n',
      );
      process.exitCode = 1;
      return;
    }
    process.stdout.write(`${hashSecret(secret)}\n`);
  });

function loadOrExit(file: string): ReturnType<typeof loadConfig> {
  try {
    return loadConfig(file);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`samband: invalid configuration ${file}\n`);
      for (const problem of error.problems) process.stderr.write(`  ${formatProblem(problem)}\n`);
      process.exit(1);
    }
    throw error;
  }
}

function describe(error: unknown): string {
  if (error instanceof SambandError) return `${error.message} [${error.code}]`;
  return error instanceof Error ? error.message : String(error);
}

await program.parseAsync(process.argv);
