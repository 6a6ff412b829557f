export type DeepSpeedStage = 2 | 3;

/**
 * The DeepSpeed JSON of a ZeRO stage, in the form LLaVA's `scripts/zero2.json` and `scripts/zero3.json` use:
 * batch sizes, accumulation and precision are "auto", so the Hugging Face Trainer fills them from its own
 * arguments and they can never disagree with the command line.
 */
export function deepspeedConfig(stage: DeepSpeedStage): Record<string, unknown> {
  const precision = {
    fp16: { enabled: 'auto', loss_scale: 0, loss_scale_window: 1000, initial_scale_power: 16, hysteresis: 2, min_loss_scale: 1 },
    bf16: { enabled: 'auto' },
  };
  const batch = { train_micro_batch_size_per_gpu: 'auto', train_batch_size: 'auto', gradient_accumulation_steps: 'auto' };
  if (stage === 2) {
    return {
      ...precision,
      ...batch,
      zero_optimization: { stage: 2, overlap_comm: true, contiguous_gradients: true, sub_group_size: 1e9, reduce_bucket_size: 'auto' },
    };
  }
  return {
    ...precision,
    ...batch,
    zero_optimization: {
      stage: 3,
      overlap_comm: true,
      contiguous_gradients: true,
      sub_group_size: 1e9,
      reduce_bucket_size: 'auto',
      stage3_prefetch_bucket_size: 'auto',
      stage3_param_persistence_threshold: 'auto',
      stage3_max_live_parameters: 1e9,
      stage3_max_reuse_distance: 1e9,
      // One consolidated 16-bit model file on save, which the trainers' loaders read back.
      stage3_gather_16bit_weights_on_model_save: true,
    },
  };
}
