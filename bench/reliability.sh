#!/usr/bin/env bash
# The reliability suite (issue #13) in one command: builds the hosts and the tool, runs every section against real
# processes (its own RabbitMQ node on 5673 to kill), writes bench/results/reliability.json and exits 0 only when every
# acceptance line is met. Arguments pass through, e.g. a quick look at smaller sizes:
#   bench/reliability.sh --frames 300 --operations 2000 --rounds 2
# or some sections only: bench/reliability.sh --sections bad-inputs,unauthenticated
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build tools/Siamese.Reliability -c Release -nologo -clp:ErrorsOnly
exec dotnet run -c Release --no-build --project tools/Siamese.Reliability -- "$@"
