namespace Orchestrator.Contracts.Specs;

/// <summary>
/// Checks a job spec before anything runs and names every problem by field. A spec with no
/// errors can be built into a job; anything the engine would trip on later is caught here.
/// </summary>
public static class JobSpecValidator
{
    /// <summary>The most particles one job may ask for.</summary>
    public const int MaxParticles = 10_000_000;

    /// <summary>The most sampler steps one job may ask for.</summary>
    public const int MaxSteps = 100_000;

    /// <summary>The largest model dimension (values per particle) a Gaussian mixture may have.</summary>
    public const int MaxDimension = 1 << 20;

    /// <summary>The largest magnitude of a mixture mean or std: beyond it, squared distances and variances overflow double.</summary>
    public const double MaxMagnitude = 1e6;

    /// <summary>Every problem of <paramref name="spec"/>; empty when it is valid.</summary>
    public static IReadOnlyList<SpecError> Validate(JobSpec spec)
    {
        var errors = new SpecErrors();
        errors.UnknownFields("", spec.Unknown, typeof(JobSpec));
        var dimension = errors.Required("model", spec.Model) ? ValidateModel(spec.Model!, errors) : null;
        var sampler = errors.Required("sampler", spec.Sampler) ? ValidateSampler(spec.Sampler!, spec.Model, errors) : null;
        if (errors.Required("method", spec.Method)) ValidateMethod(spec.Method!, sampler, spec.Model, errors);
        var isFkc = spec.Method?.Kind == SpecNames.Fkc;
        if (isFkc)
        {
            errors.NotUsed("reward", spec.Reward, "by fkc (it samples a product of models' densities, with no reward)");
            ValidateFkcTarget(spec, dimension, errors);
        }
        else
        {
            if (errors.Required("reward", spec.Reward)) RewardSpecValidator.Validate(spec.Reward!, dimension, errors);
            errors.NotUsed("secondModel", spec.SecondModel, $"by {spec.Method?.Kind ?? "this method"} (only fkc multiplies two models)");
        }
        if (sampler is { Kind: SpecNames.Sde } && !isFkc && spec.Method?.Kind is not null)
            errors.Add("sampler.kind", "the sde sampler is used by fkc only");
        if (isFkc && sampler?.Kind is { } samplerKind && samplerKind != SpecNames.Sde)
            errors.Add("sampler.kind", $"fkc simulates the SDE of the combined score and needs sampler kind 'sde', not '{samplerKind}'");
        return errors.All;
    }

    /// <summary>Throws <see cref="InvalidSpecException"/> listing every problem, if there are any.</summary>
    public static void ThrowIfInvalid(JobSpec spec)
    {
        var errors = Validate(spec);
        if (errors.Count > 0) throw new InvalidSpecException(errors);
    }

    /// <returns>The model's dimension when it can be known, for checking the reward against it.</returns>
    static int? ValidateModel(ModelSpec model, SpecErrors errors, string prefix = "model")
    {
        errors.UnknownFields(prefix, model.Unknown, typeof(ModelSpec));
        var ways = (model.Kind is null ? 0 : 1) + (model.Name is null ? 0 : 1) + (model.Card is null ? 0 : 1);
        if (ways != 1)
        {
            errors.Add(prefix, ways == 0
                ? "needs one of: name (a registry model), card (a model card's path) or kind (gaussian-mixture, given inline)"
                : "give only one of name, card and kind");
            return null;
        }
        if (model.Kind is null)
        {
            var field = model.Name is null ? $"{prefix}.card" : $"{prefix}.name";
            var reference = model.Name ?? model.Card!;
            if (reference.Length is 0 or > 4096) errors.Add(field, "must be 1 to 4096 characters");
            var reason = "by a registry model (its card says it)";
            errors.NotUsed($"{prefix}.means", model.Means, reason);
            errors.NotUsed($"{prefix}.stds", model.Stds, reason);
            errors.NotUsed($"{prefix}.weights", model.Weights, reason);
            errors.NotUsed($"{prefix}.classes", model.Classes, reason);
            errors.NotUsed($"{prefix}.parameterisation", model.Parameterisation, reason);
            return null;
        }
        errors.OneOf($"{prefix}.parameterisation", model.Parameterisation, SpecNames.Parameterisations);
        if (!errors.OneOf($"{prefix}.kind", model.Kind, SpecNames.ModelKinds)) return null;

        var componentsOk = errors.Required($"{prefix}.means", model.Means);
        errors.Required($"{prefix}.stds", model.Stds);
        if (!componentsOk) return null;
        var means = model.Means!;
        if (means.Length == 0) { errors.Add($"{prefix}.means", "needs at least one component"); return null; }
        if (means.Length > 10_000) { errors.Add($"{prefix}.means", $"at most 10000 components, got {means.Length}"); return null; }
        int? dimension = means[0]?.Length;
        for (int k = 0; k < means.Length; k++)
        {
            if (means[k] is null || means[k].Length == 0) { errors.Add($"{prefix}.means[{k}]", "must be a non-empty list of numbers"); return null; }
            if (means[k].Length != dimension)
            {
                errors.Add($"{prefix}.means[{k}]", $"has {means[k].Length} dimensions but {prefix}.means[0] has {dimension}");
                return null;
            }
            if (errors.AllFinite($"{prefix}.means[{k}]", means[k]) && means[k].Any(m => Math.Abs(m) > MaxMagnitude))
                errors.Add($"{prefix}.means[{k}]", $"coordinates must lie within +-{MaxMagnitude:G}");
        }
        if (dimension > MaxDimension) errors.Add($"{prefix}.means", $"at most {MaxDimension} dimensions, got {dimension}");
        if (model.Stds is { } stds)
        {
            if (stds.Length != means.Length) errors.Add($"{prefix}.stds", $"has {stds.Length} entries for {means.Length} components");
            for (int k = 0; k < stds.Length; k++)
                if (!(stds[k] > 0) || !(stds[k] <= MaxMagnitude)) errors.Add($"{prefix}.stds[{k}]", $"must be a positive number at most {MaxMagnitude:G}, got {stds[k]}");
        }
        if (model.Weights is { } weights)
        {
            if (weights.Length != means.Length) errors.Add($"{prefix}.weights", $"has {weights.Length} entries for {means.Length} components");
            for (int k = 0; k < weights.Length; k++)
                if (!(weights[k] >= 0) || !double.IsFinite(weights[k])) errors.Add($"{prefix}.weights[{k}]", $"must be a non-negative finite number, got {weights[k]}");
            if (weights.All(w => w >= 0 && double.IsFinite(w)) && !(weights.Sum() > 0)) errors.Add($"{prefix}.weights", "must not all be zero");
            if (weights.All(double.IsFinite) && double.IsInfinity(weights.Sum())) errors.Add($"{prefix}.weights", "their sum overflows; scale them down (only their ratios matter)");
        }
        if (model.Classes is { } classes)
        {
            if (classes.Length != means.Length) errors.Add($"{prefix}.classes", $"has {classes.Length} entries for {means.Length} components");
            for (int k = 0; k < classes.Length; k++)
                if (classes[k] < 0) errors.Add($"{prefix}.classes[{k}]", $"must be a class number >= 0, got {classes[k]}");
        }
        return dimension;
    }

    static SamplerSpec ValidateSampler(SamplerSpec sampler, ModelSpec? model, SpecErrors errors)
    {
        errors.UnknownFields("sampler", sampler.Unknown, typeof(SamplerSpec));
        if (errors.Required("sampler.kind", sampler.Kind)) errors.OneOf("sampler.kind", sampler.Kind, SpecNames.SamplerKinds);
        if (errors.Required("sampler.steps", sampler.Steps)) errors.Range("sampler.steps", sampler.Steps, 1, MaxSteps);
        errors.OneOf("sampler.schedule", sampler.Schedule, SpecNames.Schedules);
        if (sampler.Kind == SpecNames.Ddim) errors.Range("sampler.eta", sampler.Eta, 0, 1);
        else if (sampler.Kind is not null) errors.NotUsed("sampler.eta", sampler.Eta, $"by the {sampler.Kind} sampler (only ddim takes eta)");
        if (sampler.Kind == SpecNames.Exact && model?.Kind is { } kind && kind != SpecNames.GaussianMixture)
            errors.Add("sampler.kind", $"the exact sampler needs a gaussian-mixture model, not '{kind}'");
        if (sampler.Kind == SpecNames.Masked && model?.Kind is { } inline)
            errors.Add("sampler.kind", $"the masked sampler needs a masked (discrete) registry model, not '{inline}'");
        return sampler;
    }

    static void ValidateMethod(MethodSpec method, SamplerSpec? sampler, ModelSpec? model, SpecErrors errors)
    {
        errors.UnknownFields("method", method.Unknown, typeof(MethodSpec));
        errors.Finite("method.lambda", method.Lambda);
        if (!errors.Required("method.kind", method.Kind) || !errors.OneOf("method.kind", method.Kind, SpecNames.MethodKinds))
        {
            if (errors.Required("method.particles", method.Particles)) errors.Range("method.particles", method.Particles, 1, MaxParticles);
            return;
        }
        var kind = method.Kind!;
        var reason = kind == SpecNames.BestOfN ? "by best-of-n (it never resamples)" : $"by {kind}";
        if (kind == SpecNames.ZeroOrderSearch) errors.NotUsed("method.particles", method.Particles, $"{reason} (it generates 'neighbours' candidates per round)");
        else if (errors.Required("method.particles", method.Particles)) errors.Range("method.particles", method.Particles, 1, MaxParticles);

        if (kind == SpecNames.Fk) ValidateFk(method, sampler, errors);
        else
        {
            errors.NotUsed("method.potential", method.Potential, reason);
            if (kind == SpecNames.Fkc) errors.OneOf("method.resampler", method.Resampler, SpecNames.Resamplers);
            else errors.NotUsed("method.resampler", method.Resampler, reason);
            errors.NotUsed("method.every", method.Every, reason);
            errors.NotUsed("method.window", method.Window, reason);
            errors.NotUsed("method.essThreshold", method.EssThreshold, reason);
        }
        if (kind is not (SpecNames.Fk or SpecNames.BestOfN)) errors.NotUsed("method.lambda", method.Lambda, $"{reason} ({(kind == SpecNames.Fkc ? "its target has no reward" : "it maximises the reward, with no tilt")})");

        if (kind == SpecNames.SvddMc) errors.Required("method.valueModel", method.ValueModel);
        else errors.NotUsed("method.valueModel", method.ValueModel, reason);
        if (kind is SpecNames.SvddPm or SpecNames.SvddMc)
        {
            errors.Range("method.children", method.Children, 1, 4096);
            errors.Range("method.alpha", method.Alpha, 0, 1e6);
            RequireStochastic(sampler, "SVDD draws several children per chain, which deterministic DDIM (eta = 0) makes identical", errors);
        }
        else
        {
            errors.NotUsed("method.children", method.Children, reason);
            errors.NotUsed("method.alpha", method.Alpha, reason);
        }

        if (kind == SpecNames.RandomSearch) errors.Range("method.keep", method.Keep, 1, method.Particles is > 0 and var n ? n : MaxParticles);
        else errors.NotUsed("method.keep", method.Keep, reason);

        if (kind == SpecNames.ZeroOrderSearch)
        {
            errors.Range("method.neighbours", method.Neighbours, 1, 65536);
            errors.Range("method.tau", method.Tau, -0.999, 0.999);
            errors.Range("method.rounds", method.Rounds, 1, 100_000);
        }
        else
        {
            errors.NotUsed("method.neighbours", method.Neighbours, reason);
            errors.NotUsed("method.tau", method.Tau, reason);
            errors.NotUsed("method.rounds", method.Rounds, reason);
        }

        if (kind != SpecNames.Fkc)
        {
            errors.NotUsed("method.beta", method.Beta, reason);
            errors.NotUsed("method.guidance", method.Guidance, reason);
            ValidateLabel(method, model, errors);
            errors.NotUsed("method.resampleFrom", method.ResampleFrom, reason);
        }

        if (kind == SpecNames.PathSearch)
        {
            var steps = sampler?.Steps is { } total and >= 2 and <= MaxSteps ? total : MaxSteps;
            errors.Range("method.branches", method.Branches, 1, 4096);
            errors.Range("method.start", method.Start, 1, steps - 1);
            errors.Range("method.forward", method.Forward, 1, steps - 1);
            errors.Range("method.back", method.Back, 2, steps);
            var (start, forward, back) = PathSearchDefaults(method, steps);
            if (forward > start) errors.Add("method.forward", $"noises {forward} steps back but the first round starts at step {start}; forward must be at most start");
            if (back <= forward) errors.Add("method.back", $"must be more than forward ({forward}), or the rounds never advance; got {back}");
        }
        else
        {
            errors.NotUsed("method.branches", method.Branches, reason);
            errors.NotUsed("method.start", method.Start, reason);
            errors.NotUsed("method.forward", method.Forward, reason);
            errors.NotUsed("method.back", method.Back, reason);
        }

        if (kind is SpecNames.RandomSearch or SpecNames.ZeroOrderSearch or SpecNames.PathSearch && sampler is { Kind: not null } && (sampler.Kind != SpecNames.Ddim || (sampler.Eta ?? 0) != 0))
            errors.Add("sampler.kind", $"{kind} searches over starting noises, which needs the deterministic sampler (ddim with eta 0), not {sampler.Kind}{(sampler.Eta is { } eta ? $" with eta {eta}" : "")}");
    }

    /// <summary>Path search's start, forward and back steps, with the defaults for those a spec leaves out.</summary>
    public static (int Start, int Forward, int Back) PathSearchDefaults(MethodSpec method, int steps)
    {
        var forward = method.Forward ?? Math.Max(1, steps / 20);
        return (method.Start ?? Math.Max(forward, steps / 4), forward, method.Back ?? 2 * forward);
    }

    static void ValidateFk(MethodSpec method, SamplerSpec? sampler, SpecErrors errors)
    {
        errors.Required("method.lambda", method.Lambda);
        errors.OneOf("method.potential", method.Potential, SpecNames.Potentials);
        errors.OneOf("method.resampler", method.Resampler, SpecNames.Resamplers);
        errors.Range("method.essThreshold", method.EssThreshold, 0, 1);
        var steps = sampler?.Steps is { } s and >= 1 and <= MaxSteps ? s : MaxSteps;
        errors.Range("method.every", method.Every, 1, steps);
        if (method.Window is { } window)
        {
            errors.UnknownFields("method.window", window.Unknown, typeof(WindowSpec));
            errors.Range("method.window.start", window.Start, 0, steps - 1);
            errors.Range("method.window.end", window.End, 0, steps - 1);
            if (window.Start is { } start && window.End is { } end && end < start)
                errors.Add("method.window", $"end ({end}) is before start ({start})");
        }
        RequireStochastic(sampler, "FK steering resamples particles, and copies under deterministic DDIM (eta = 0) stay identical", errors);
    }

    static void RequireStochastic(SamplerSpec? sampler, string why, SpecErrors errors)
    {
        if (sampler is { Kind: SpecNames.Ddim } && (sampler.Eta ?? 0) == 0)
            errors.Add("sampler.eta", $"{why}; use eta > 0 or the ddpm sampler");
    }

    /// <summary>fkc's target: annealing (beta), a product with secondModel, or guidance (weight and label) on a conditional model.</summary>
    static void ValidateFkcTarget(JobSpec spec, int? dimension, SpecErrors errors)
    {
        var method = spec.Method!;
        errors.Range("method.beta", method.Beta, 1e-3, 100);
        errors.Finite("method.guidance", method.Guidance);
        var targets = (spec.SecondModel is null ? 0 : 1) + (method.Guidance is null ? 0 : 1) + (method.Beta is null ? 0 : 1);
        if (targets > 1) errors.Add("method", "fkc takes one target: beta (annealing), secondModel (product) or guidance with label (classifier-free guidance)");
        if (spec.SecondModel is { } second && ValidateModel(second, errors, "secondModel") is { } d2 && dimension is { } d && d2 != d)
            errors.Add("secondModel.means", $"has {d2} dimensions but the model has {d}");
        if (method.Guidance is not null)
        {
            if (spec.Model is { Kind: not null, Classes: null }) errors.Add("model.classes", "guidance needs a conditional model: give each component's class");
            else if (errors.Required("method.label", method.Label)) ValidateLabel(method, spec.Model, errors);
        }
        else errors.NotUsed("method.label", method.Label, "without guidance");
        errors.Range("method.resampleFrom", method.ResampleFrom, 0, spec.Sampler?.Steps is { } steps and >= 1 ? steps - 1 : MaxSteps);
    }

    /// <summary>The class a job generates: for an inline mixture one of its components' classes; a registry model's card is checked when the job is built.</summary>
    static void ValidateLabel(MethodSpec method, ModelSpec? model, SpecErrors errors)
    {
        if (method.Label is not { } label) return;
        if (label < 0) errors.Add("method.label", $"must be a class number >= 0, got {label}");
        else if (model is { Kind: not null, Classes: null }) errors.Add("method.label", "the model is unconditional (it has no classes)");
        else if (model is { Kind: not null, Classes: { } classes } && !classes.Contains(label))
            errors.Add("method.label", $"no component has class {label}; classes are {string.Join(", ", classes.Distinct().Order())}");
    }
}
