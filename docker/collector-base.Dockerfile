# syntax=docker/dockerfile:1.7
#
# Base of the Jib-built collector image (docker/jib/collector): the JRE, the conntrack tool and the
# netcost user, which Jib cannot add itself. The Dockerfile build (collector.Dockerfile) does not
# need it.
#
#   docker build -f docker/collector-base.Dockerfile -t ghcr.io/netcost/netcost-collector-base:0.1.0 docker
ARG RUNTIME_IMAGE=eclipse-temurin:17.0.15_6-jre-noble
FROM ${RUNTIME_IMAGE}
RUN apt-get update \
 && apt-get install -y --no-install-recommends conntrack \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 netcost \
 && useradd --system --uid 10001 --gid netcost --home-dir /nonexistent --no-create-home \
      --shell /usr/sbin/nologin netcost
USER 10001:10001
