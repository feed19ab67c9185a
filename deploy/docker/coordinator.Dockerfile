# The coordinator silo (Steer__Roles=coordinator). Build from the repository root:
#   docker build -f deploy/docker/coordinator.Dockerfile -t steer-coordinator .
# Worker images for GPUs: --build-arg TORCH_BACKEND=cuda (needs NVIDIA's libtorch packages on the NuGet source).
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
ARG TORCH_BACKEND=cpu
WORKDIR /src
COPY . .
RUN dotnet publish src/Silo -c Release -p:TorchBackend=$TORCH_BACKEND -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
# Registry models (the job grains and shards build jobs from them).
COPY models /app/models
ENV STEER_MODELS=/app/models \
    Steer__Roles=coordinator \
    ASPNETCORE_URLS=http://+:8080
EXPOSE 8080 11111 30000
ENTRYPOINT ["dotnet", "Orchestrator.Silo.dll"]
