namespace Orchestrator.Contracts.Specs;

/// <summary>Checks a reward spec (and, for ensembles, its members) field by field.</summary>
static class RewardSpecValidator
{
    /// <summary>Ensembles of ensembles are fine; deeper nesting than this is a mistake or an attack.</summary>
    public const int MaxDepth = 4;

    public const int MaxMembers = 64;

    public const int MaxText = 4096;

    /// <summary>Adds every problem of <paramref name="reward"/> to <paramref name="errors"/>; <paramref name="dimension"/> is the model's, when the spec itself says it (mixtures).</summary>
    public static void Validate(RewardSpec reward, int? dimension, SpecErrors errors, string prefix = "reward", int depth = 0)
    {
        errors.UnknownFields(prefix, reward.Unknown, typeof(RewardSpec));
        if (!errors.Required($"{prefix}.kind", reward.Kind) || !errors.OneOf($"{prefix}.kind", reward.Kind, SpecNames.RewardKinds)) return;
        var kind = reward.Kind!;
        var reason = $"by the {kind} reward";
        Vector(reward.Weights, SpecNames.Linear, "weights");
        Vector(reward.Target, SpecNames.Distance, "target");
        Text(reward.Model, SpecNames.Classifier, "model");
        if (kind == SpecNames.Classifier) { if (reward.Label is < 0) errors.Add($"{prefix}.label", $"must be a class number >= 0, got {reward.Label}"); }
        else errors.NotUsed($"{prefix}.label", reward.Label, reason);
        Text(reward.Pattern, SpecNames.Regex, "pattern");
        Text(reward.Path, SpecNames.Onnx, "path");
        Text(reward.Input, SpecNames.Onnx, "input");
        Text(reward.Output, SpecNames.Onnx, "output");
        if (kind == SpecNames.Onnx) errors.Range($"{prefix}.index", reward.Index, 0, 1 << 20);
        else
        {
            errors.NotUsed($"{prefix}.index", reward.Index, reason);
            errors.NotUsed($"{prefix}.logSoftmax", reward.LogSoftmax, reason);
        }
        Text(reward.Plugin, SpecNames.Plugin, "plugin");
        Text(reward.Url, SpecNames.Remote, "url");
        if (kind == SpecNames.Remote && reward.Url is { } url && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
            errors.Add($"{prefix}.url", "must be an absolute http or https address");
        if (kind == SpecNames.Remote)
        {
            errors.Range($"{prefix}.timeoutSeconds", reward.TimeoutSeconds, 0.01, 3600);
            errors.Range($"{prefix}.retries", reward.Retries, 0, 10);
        }
        else
        {
            errors.NotUsed($"{prefix}.timeoutSeconds", reward.TimeoutSeconds, reason);
            errors.NotUsed($"{prefix}.retries", reward.Retries, reason);
        }
        if (kind is SpecNames.Plugin or SpecNames.Remote) Options(reward.Options);
        else errors.NotUsed($"{prefix}.options", reward.Options, reason);
        Members(reward.Members);
        if (depth == 0 || kind == SpecNames.Rank) errors.NotUsed($"{prefix}.weight", reward.Weight, depth == 0 ? "outside an ensemble" : reason);
        else errors.Finite($"{prefix}.weight", reward.Weight);

        void Vector(double[]? value, string owner, string field)
        {
            if (kind != owner) { errors.NotUsed($"{prefix}.{field}", value, reason); return; }
            if (!errors.Required($"{prefix}.{field}", value)) return;
            if (errors.AllFinite($"{prefix}.{field}", value!) && dimension is { } d && value!.Length != d)
                errors.Add($"{prefix}.{field}", $"has {value.Length} dimensions but the model has {d}");
        }

        void Text(string? value, string owner, string field)
        {
            if (kind != owner) { errors.NotUsed($"{prefix}.{field}", value, reason); return; }
            if (!errors.Required($"{prefix}.{field}", value)) return;
            if (value!.Length == 0) errors.Add($"{prefix}.{field}", "must not be empty");
            else if (value.Length > MaxText) errors.Add($"{prefix}.{field}", $"at most {MaxText} characters, got {value.Length}");
        }

        void Options(Dictionary<string, string>? options)
        {
            if (options is null) return;
            if (options.Count > 64) errors.Add($"{prefix}.options", $"at most 64 entries, got {options.Count}");
            foreach (var (key, value) in options)
                if (key.Length > 256 || value is null || value.Length > MaxText)
                    errors.Add($"{prefix}.options.{(key.Length > 40 ? key[..40] + "..." : key)}", $"keys at most 256 characters and values present and at most {MaxText}");
        }

        void Members(RewardSpec[]? members)
        {
            if (kind is not (SpecNames.WeightedSum or SpecNames.Rank)) { errors.NotUsed($"{prefix}.members", members, reason); return; }
            if (!errors.Required($"{prefix}.members", members)) return;
            if (members!.Length is 0 or > MaxMembers) { errors.Add($"{prefix}.members", $"needs 1 to {MaxMembers} rewards, got {members.Length}"); return; }
            if (depth + 1 >= MaxDepth) { errors.Add($"{prefix}.members", $"ensembles nest at most {MaxDepth} deep"); return; }
            for (int i = 0; i < members.Length; i++)
            {
                if (members[i] is null) errors.Add($"{prefix}.members[{i}]", "must be a reward, not null");
                else Validate(members[i], dimension, errors, $"{prefix}.members[{i}]", depth + 1);
            }
        }
    }
}
