# syntax=docker/dockerfile:1

# ---- build ----
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src

# Restore first, from the project files only, so the package layer is cached until they change.
COPY Directory.Build.props Directory.Packages.props global.json ./
COPY src/Domain/*.csproj src/Domain/
COPY src/Projections/*.csproj src/Projections/
COPY src/Api/*.csproj src/Api/
RUN dotnet restore src/Api

COPY . .
# ReadyToRun: the assemblies are compiled ahead of time, so start-up does little JIT work (docs/adr/0016).
RUN dotnet publish src/Api -c Release --use-current-runtime --self-contained false -p:PublishReadyToRun=true -o /app

# ---- runtime ----
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime

# curl is only for the container health check; the aspnet image has neither curl nor wget.
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY --from=build /app ./

# Generated code is static (ADR 6): nothing is written at runtime, so run as the image's non-root user.
USER $APP_UID
ENV ASPNETCORE_HTTP_PORTS=5080
EXPOSE 5080

ENTRYPOINT ["dotnet", "Marketplace.Api.dll"]
