import { TrainConfigError } from './train-config-error.js';
import type { TrainConfig } from './train-config.js';

export type Cluster = TrainConfig['cluster'];

/** What a launcher starts in each process: a script file, or a Python module (`-m`). */
export type LaunchTarget = { script: string } | { module: string };

/** The first node's address, which several nodes need to find each other. */
export function masterAddressOf(cluster: Cluster): string {
  if (cluster.masterAddr === undefined) {
    throw new TrainConfigError({
      setting: 'cluster.masterAddr',
      message: `${cluster.nodes} nodes need the address of the first node`,
      fix: 'set cluster.masterAddr (or pass --master-addr) to a host name or IP every node can reach',
    });
  }
  return cluster.masterAddr;
}

/**
 * torchrun's arguments: on one node `--standalone` (a local rendezvous on a free port); on several either
 * the c10d rendezvous (the same command on every node) or the static one (`--node_rank`, `--master_addr`).
 * The underscore spellings are the ones every torchrun version accepts.
 */
export function torchrunArguments(cluster: Cluster, nodeRank: number, target: LaunchTarget): string[] {
  const head = ['torchrun', '--nnodes', String(cluster.nodes), '--nproc_per_node', String(cluster.gpusPerNode)];
  let rendezvous: string[];
  if (cluster.nodes === 1) rendezvous = ['--standalone'];
  else if (cluster.rendezvous === 'c10d') {
    rendezvous = ['--rdzv_backend', 'c10d', '--rdzv_endpoint', `${masterAddressOf(cluster)}:${cluster.masterPort}`, '--rdzv_id', cluster.rendezvousId];
  } else {
    rendezvous = ['--node_rank', String(nodeRank), '--master_addr', masterAddressOf(cluster), '--master_port', String(cluster.masterPort)];
  }
  return [...head, ...rendezvous, ...targetArguments(target)];
}

function targetArguments(target: LaunchTarget): string[] {
  return 'module' in target ? ['-m', target.module] : [target.script];
}

/**
 * The deepspeed launcher's arguments: `--num_gpus` on one node; on several, each node starts its own share
 * (`--no_ssh --node_rank`, DeepSpeed 0.14.5 and later) instead of reaching the others over ssh.
 */
export function deepspeedLauncherArguments(cluster: Cluster, nodeRank: number, script: string): string[] {
  if (cluster.nodes === 1) return ['deepspeed', '--num_gpus', String(cluster.gpusPerNode), '--master_port', String(cluster.masterPort), script];
  return [
    'deepspeed',
    '--no_ssh',
    '--num_nodes',
    String(cluster.nodes),
    '--num_gpus',
    String(cluster.gpusPerNode),
    '--node_rank',
    String(nodeRank),
    '--master_addr',
    masterAddressOf(cluster),
    '--master_port',
    String(cluster.masterPort),
    script,
  ];
}

/**
 * `accelerate launch` arguments. `--num_processes` counts the processes of all machines. With a DeepSpeed
 * JSON, precision and accumulation come from that file (accelerate refuses them twice), so no
 * `--mixed_precision` then.
 */
export function accelerateArguments(
  cluster: Cluster,
  nodeRank: number,
  options: { deepspeedConfigFile: string | undefined; zeroStage: 2 | 3 | undefined; mixedPrecision: 'bf16' | 'no'; script: string },
): string[] {
  const argv = ['accelerate', 'launch', '--num_processes', String(cluster.nodes * cluster.gpusPerNode), '--num_machines', String(cluster.nodes)];
  if (cluster.nodes > 1) {
    argv.push('--machine_rank', String(nodeRank), '--main_process_ip', masterAddressOf(cluster), '--main_process_port', String(cluster.masterPort));
  } else {
    argv.push('--main_process_port', String(cluster.masterPort));
  }
  if (options.deepspeedConfigFile !== undefined) {
    argv.push('--use_deepspeed', '--deepspeed_config_file', options.deepspeedConfigFile);
    if (options.zeroStage === 3) argv.push('--zero3_init_flag', 'true');
    // Each node starts its own processes, as torchrun does, instead of one node reaching the others.
    if (cluster.nodes > 1) argv.push('--deepspeed_multinode_launcher', 'standard');
  } else {
    if (cluster.nodes * cluster.gpusPerNode > 1) argv.push('--multi_gpu');
    argv.push('--mixed_precision', options.mixedPrecision);
  }
  argv.push(options.script);
  return argv;
}

/** MASTER_ADDR and MASTER_PORT for launchers that read them (deepspeed, accelerate) on several nodes. */
export function masterEnvironment(cluster: Cluster): Record<string, string> {
  if (cluster.nodes === 1) return {};
  return { MASTER_ADDR: masterAddressOf(cluster), MASTER_PORT: String(cluster.masterPort) };
}
