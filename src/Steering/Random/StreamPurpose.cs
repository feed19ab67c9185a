namespace Orchestrator.Steering.Random;

/// <summary>What a random stream is used for; part of every stream's counter, so uses never overlap.</summary>
public enum StreamPurpose : byte
{
    /// <summary>Starting noise of a particle.</summary>
    Init = 1,
    /// <summary>The noise of a sampler transition.</summary>
    Transition = 2,
    /// <summary>Uniforms of a resampling or selection event.</summary>
    Selection = 3,
    /// <summary>Draws of x0 samples for intermediate rewards (discrete models).</summary>
    Lookahead = 4,
    /// <summary>Search directions and pivots (noise search).</summary>
    Search = 5,
    /// <summary>Draws from a model's exact posterior p(x_0 | x_t) (the Gaussian mixture's exact sampler).</summary>
    Posterior = 6,
}
