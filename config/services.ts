/**
 * The `services:` list (bidirectional): the customer services Adobe reaches through the load balancer
 * and the customer's endpoint service or Private Link Service.
 */
import type { Cloud, Topology } from "../rules/adobe";
import { isPrivateAddress } from "../lib/ipv4";
import { readAzureTarget } from "./azure";
import { duplicates, field, type Json, list, object, type Problems, readName, readPort, text, unknownKeys } from "./check";
import { entryKeys } from "./keys";
import { readFormerNames, withFormerNames } from "./rename";
import type { CustomerService } from "./settings";

/** Reads `services`; unidirectional stacks read none (the bidirectional-only check names the key). */
export function readServices(p: Problems, value: Json, cloud: Cloud | undefined, topology: Topology | undefined): CustomerService[] {
  if (topology === "unidirectional") return [];
  const min = topology === "bidirectional" ? 1 : 0;
  // Azure targets are NIC IP configurations (config/azure.ts), AWS targets private addresses.
  const exampleTargets =
    cloud === "azure"
      ? "[/subscriptions/<subscription>/resourceGroups/<rg>/providers/Microsoft.Network/networkInterfaces/<nic>/ipConfigurations/<ipconfig>]"
      : "[10.20.1.15]";
  const items = list(
    p,
    "services",
    value,
    min,
    `list the customer services Adobe reaches, e.g. - { name: erp-db, port: 5432, targets: ${exampleTargets} }`,
  );
  const services: CustomerService[] = [];
  items.forEach((item, index) => {
    const key = `services[${index}]`;
    const entry = object(p, key, item, true, `write { name: erp-db, port: 5432, targets: ${exampleTargets} }`);
    unknownKeys(p, key, entry, entryKeys("services"));
    const name = readName(p, `${key}.name`, entry.name);
    const port = readPort(p, `${key}.port`, entry.port, cloud, "adobe-to-customer");
    const targetPort =
      entry.targetPort === undefined ? port : readPort(p, `${key}.targetPort`, entry.targetPort, cloud, "adobe-to-customer");
    const azure = cloud === "azure";
    const targetItems = list(
      p,
      `${key}.targets`,
      entry.targets,
      1,
      azure
        ? "list the network interface IP configuration ids of the service's hosts"
        : "list the private IPv4 addresses of the service's hosts",
    );
    const targets: string[] = [];
    targetItems.forEach((target, t) => {
      // Azure: NIC-based pools, so a target is a host's network interface IP configuration (config/azure.ts).
      if (azure) {
        const id = readAzureTarget(p, `${key}.targets[${t}]`, target);
        if (id !== undefined) targets.push(id);
        return;
      }
      const address = text(p, `${key}.targets[${t}]`, target, true, "write a private IPv4 address such as 10.20.1.15");
      if (address === undefined) return;
      if (!isPrivateAddress(address)) {
        p.add(
          `${key}.targets[${t}]`,
          address,
          "must be a private IPv4 address (10/8, 172.16/12, 192.168/16 or 100.64/10): the load balancer reaches targets inside the customer network",
          "write the host's private address, e.g. 10.20.1.15",
        );
        return;
      }
      targets.push(address);
    });
    duplicates(
      p,
      `${key}.targets`,
      targetItems,
      (target) => (typeof target === "string" ? (azure ? target.toLowerCase() : target) : undefined),
      azure ? "IP configuration" : "address",
    );
    if (name !== undefined && port !== undefined && targetPort !== undefined && targets.length === targetItems.length) {
      services.push({ name, port, targetPort, targets });
    }
  });
  duplicates(p, "services", items, (item) => field(item, "name"), "name");
  duplicates(p, "services", items, (item) => field(item, "port"), "port");
  if (cloud === "aws") sharedTargets(p, services);
  return withFormerNames(services, readFormerNames(p, "services", items, cloud));
}

/**
 * AWS: the load balancer's group gets one outbound rule per target and target port; a second service
 * with the same host and target port would need the same rule again, which AWS refuses
 * (InvalidPermission.Duplicate, EC2 AuthorizeSecurityGroupEgress).
 */
function sharedTargets(p: Problems, services: readonly CustomerService[]): void {
  const first = new Map<string, string>();
  for (const service of services) {
    for (const target of service.targets) {
      const key = `${target}:${service.targetPort}`;
      const owner = first.get(key);
      if (owner === undefined) first.set(key, service.name);
      else
        p.add(
          `services[${services.indexOf(service)}].targets`,
          target,
          `is also a target of ${owner} on target port ${service.targetPort}: AWS allows the load balancer's outbound rule to a host and port once (InvalidPermission.Duplicate)`,
          `expose ${target}:${service.targetPort} through one service, or give this service another target port`,
        );
    }
  }
}
