//! The parts of a docker-compose.yml that say who can reach whom: service names (the
//! host names on the compose network), the ports their containers listen on, and the bind
//! mounts that put repository files inside containers.

use crate::yaml::{self, Node, NodeKind};

/// What a service runs, told from its image (or its build directory for the app).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    App,
    Prometheus,
    Alertmanager,
    Grafana,
    NodeExporter,
    Loki,
    Promtail,
    Jaeger,
    Other,
}

impl Role {
    /// The port the image listens on when the compose file does not say.
    fn default_port(self) -> Option<u16> {
        match self {
            Role::Prometheus => Some(9090),
            Role::Alertmanager => Some(9093),
            Role::Grafana => Some(3000),
            Role::NodeExporter => Some(9100),
            Role::Loki => Some(3100),
            Role::Promtail => Some(9080),
            Role::Jaeger => Some(16686),
            Role::App | Role::Other => None,
        }
    }

    fn from_service(name: &str, image: &str, build: bool) -> Role {
        // `prom/node-exporter:v1.6.1` → `node-exporter`.
        let base = image.rsplit('/').next().unwrap_or(image);
        let base = base.split([':', '@']).next().unwrap_or(base);
        match base {
            "prometheus" => Role::Prometheus,
            "alertmanager" => Role::Alertmanager,
            "grafana" | "grafana-oss" | "grafana-enterprise" => Role::Grafana,
            "node-exporter" | "node_exporter" => Role::NodeExporter,
            "loki" => Role::Loki,
            "promtail" => Role::Promtail,
            "all-in-one" | "jaeger" => Role::Jaeger,
            _ if build && name == "app" => Role::App,
            _ if image.is_empty() && name == "app" => Role::App,
            _ => Role::Other,
        }
    }
}

/// A bind mount: a repository path (relative, without `./`) seen at `container` inside.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mount {
    pub host: String,
    pub container: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Service {
    pub name: String,
    pub role: Role,
    /// Other names that resolve to it: `container_name`, `hostname`, network aliases.
    pub aliases: Vec<String>,
    /// Ports its container listens on (the container side of `ports`, and `expose`).
    pub ports: Vec<u16>,
    pub mounts: Vec<Mount>,
    /// The build context, relative to the repository (`services/frontend`).
    pub build: Option<String>,
    /// `environment:` entries, in order.
    pub env: Vec<(String, String)>,
}

impl Service {
    pub fn answers_to(&self, host: &str) -> bool {
        self.name == host || self.aliases.iter().any(|a| a == host)
    }

    /// The value of an `environment:` variable.
    pub fn env_var(&self, name: &str) -> Option<&str> {
        self.env
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn listens_on(&self, port: u16) -> bool {
        self.ports.contains(&port)
    }

    /// `host:port` as other containers reach it (the first port).
    pub fn address(&self) -> String {
        match self.ports.first() {
            Some(p) => format!("{}:{p}", self.name),
            None => self.name.clone(),
        }
    }

    /// The repository path mounted at `container_path`, through the mount whose container
    /// side is the longest directory prefix of it.
    pub fn host_path(&self, container_path: &str) -> Option<String> {
        let mut best: Option<(&Mount, &str)> = None;
        for m in &self.mounts {
            let target = m.container.trim_end_matches('/');
            let rest = if container_path == target {
                ""
            } else if let Some(r) = container_path.strip_prefix(target) {
                match r.strip_prefix('/') {
                    Some(r) => r,
                    None => continue,
                }
            } else {
                continue;
            };
            if best.is_none_or(|(b, _)| b.container.len() < m.container.len()) {
                best = Some((m, rest));
            }
        }
        best.map(|(m, rest)| {
            if rest.is_empty() {
                m.host.clone()
            } else {
                format!("{}/{rest}", m.host.trim_end_matches('/'))
            }
        })
    }

    /// Where the repository path `host` is seen inside the container.
    pub fn container_path(&self, host: &str) -> Option<String> {
        self.mounts.iter().find_map(|m| {
            if m.host == host {
                Some(m.container.clone())
            } else {
                host.strip_prefix(&format!("{}/", m.host.trim_end_matches('/')))
                    .map(|rest| format!("{}/{rest}", m.container.trim_end_matches('/')))
            }
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Compose {
    pub services: Vec<Service>,
}

/// The challenge's own compose file, for repositories whose file is missing or broken.
pub const CHALLENGE_DEFAULT: &str = "services:
  app: {build: ./app, ports: ['5000:5000']}
  prometheus:
    image: prom/prometheus:v2.47.0
    ports: ['9090:9090']
    volumes: ['./prometheus/prometheus.yml:/etc/prometheus/prometheus.yml', './prometheus/rules:/etc/prometheus/rules']
  alertmanager:
    image: prom/alertmanager:v0.26.0
    ports: ['9093:9093']
    volumes: ['./alertmanager/alertmanager.yml:/etc/alertmanager/alertmanager.yml']
  grafana:
    image: grafana/grafana:10.1.0
    ports: ['3000:3000']
    volumes: ['./grafana/provisioning:/etc/grafana/provisioning', './grafana/dashboards:/var/lib/grafana/dashboards']
  node-exporter: {image: 'prom/node-exporter:v1.6.1', ports: ['9100:9100']}
";

impl Compose {
    /// The monitoring-stack challenge's services, as its docker-compose.yml defines them.
    pub fn challenge_default() -> Compose {
        Compose::parse(CHALLENGE_DEFAULT).unwrap_or(Compose {
            services: Vec::new(),
        })
    }

    /// The repository's docker-compose.yml, or the challenge's services (`default`, a
    /// compose file) with a note saying why.
    pub fn load(root: &std::path::Path, default: &str, notes: &mut Vec<String>) -> Compose {
        let fallback = || {
            Compose::parse(default).unwrap_or(Compose {
                services: Vec::new(),
            })
        };
        match super::files::read(root, "docker-compose.yml") {
            Ok(f) => match Compose::parse(&f.text) {
                Ok(c) => c,
                Err(e) => {
                    notes.push(format!(
                        "docker-compose.yml is not a compose file ({e}); assuming the challenge's services"
                    ));
                    fallback()
                }
            },
            Err(p) => {
                notes.push(format!(
                    "docker-compose.yml: {}; assuming the challenge's services",
                    p.detail
                ));
                fallback()
            }
        }
    }

    /// Reads the services of a compose file; `Err` says why it is not one.
    pub fn parse(text: &str) -> Result<Compose, String> {
        let docs = yaml::parse(text).map_err(|e| e.to_string())?;
        let root = docs.first().ok_or("the file is empty")?;
        let services = root
            .get("services")
            .ok_or("there is no services: mapping")?;
        let NodeKind::Map(entries) = &services.kind else {
            return Err("services: is not a mapping".into());
        };
        let mut out = Vec::new();
        for (k, v) in entries {
            let name = k.as_str().unwrap_or_default().to_string();
            let image = v.get("image").and_then(Node::as_str).unwrap_or_default();
            let build = v.get("build").is_some();
            let role = Role::from_service(&name, image, build);
            let mut aliases = Vec::new();
            for key in ["container_name", "hostname"] {
                if let Some(a) = v.get(key).and_then(Node::as_str) {
                    aliases.push(a.to_string());
                }
            }
            if let Some(NodeKind::Map(nets)) = v.get("networks").map(|n| &n.kind) {
                for (_, net) in nets {
                    for a in net.get("aliases").map(Node::items).unwrap_or_default() {
                        if let Some(a) = a.as_str() {
                            aliases.push(a.to_string());
                        }
                    }
                }
            }
            let mut ports: Vec<u16> = v
                .get("ports")
                .map(Node::items)
                .unwrap_or_default()
                .iter()
                .chain(v.get("expose").map(Node::items).unwrap_or_default())
                .filter_map(container_port)
                .collect();
            if ports.is_empty() {
                ports.extend(role.default_port());
            }
            let mounts = v
                .get("volumes")
                .map(Node::items)
                .unwrap_or_default()
                .iter()
                .filter_map(mount)
                .collect();
            let build = v
                .get("build")
                .and_then(|b| {
                    b.as_str()
                        .or_else(|| b.get("context").and_then(Node::as_str))
                })
                .map(clean_rel);
            out.push(Service {
                name,
                role,
                aliases,
                ports,
                mounts,
                build,
                env: v.get("environment").map(environment).unwrap_or_default(),
            });
        }
        Ok(Compose { services: out })
    }

    pub fn by_role(&self, role: Role) -> Option<&Service> {
        self.services.iter().find(|s| s.role == role)
    }

    /// The service built from the repository directory `dir`.
    pub fn by_build(&self, dir: &str) -> Option<&Service> {
        self.services
            .iter()
            .find(|s| s.build.as_deref() == Some(dir))
    }

    pub fn by_host(&self, host: &str) -> Option<&Service> {
        self.services.iter().find(|s| s.answers_to(host))
    }

    /// Whether `target` (`host:port`), as seen from inside the `from` container, reaches the
    /// compose service of `role`.
    pub fn reaches(&self, target: &str, role: Role, from: Role) -> Result<(), String> {
        let (host, port) = super::exports::split_host_port(target);
        let wanted = self.by_role(role);
        let wanted_name =
            wanted.map_or_else(|| format!("{role:?}").to_lowercase(), |s| s.address());
        let service = if matches!(host, "localhost" | "127.0.0.1" | "::1" | "0.0.0.0") {
            if from != role {
                let inside = self
                    .by_role(from)
                    .map_or("that container", |s| s.name.as_str());
                return Err(format!(
                    "{target}: localhost inside the {inside} container is {inside} itself; use {wanted_name}"
                ));
            }
            wanted
        } else {
            self.by_host(host)
        };
        let Some(s) = service else {
            let names: Vec<&str> = self.services.iter().map(|s| s.name.as_str()).collect();
            return Err(format!(
                "{target}: no service \"{host}\" in docker-compose.yml (services: {}); use {wanted_name}",
                names.join(", ")
            ));
        };
        if s.role != role {
            return Err(format!(
                "{target} is the {} service; use {wanted_name}",
                s.name
            ));
        }
        match port {
            None => Err(format!("{target} has no port; use {wanted_name}")),
            Some(p) if !s.listens_on(p) => Err(format!(
                "{target}: the {} service listens on {}, not {p}",
                s.name,
                s.ports
                    .iter()
                    .map(u16::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
            Some(_) => Ok(()),
        }
    }
}

/// The container side of a `ports:` or `expose:` entry: `5000`, `"9090:9090"`,
/// `"127.0.0.1:3000:3000/tcp"`, `"8000-8001"`, or the long form's `target`.
fn container_port(n: &Node) -> Option<u16> {
    if let Some(t) = n.get("target") {
        return t.as_str()?.parse().ok();
    }
    let s = n.as_str()?;
    let s = s.split('/').next()?;
    let last = s.rsplit(':').next()?;
    last.split('-').next()?.trim().parse().ok()
}

/// `environment:` as a list of `K=V` (a bare `K` takes the host's value, unknown here, and
/// is skipped) or a mapping.
fn environment(n: &Node) -> Vec<(String, String)> {
    match &n.kind {
        NodeKind::Seq(items) => items
            .iter()
            .filter_map(|i| i.as_str()?.split_once('='))
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        NodeKind::Map(entries) => entries
            .iter()
            .filter_map(|(k, v)| Some((k.as_str()?.to_string(), v.as_str()?.to_string())))
            .collect(),
        NodeKind::Scalar { .. } => Vec::new(),
    }
}

/// A bind mount from a `volumes:` entry: `./src:/dst[:ro]` or the long form; named
/// volumes are not repository files and are skipped.
fn mount(n: &Node) -> Option<Mount> {
    let (host, container) = if let Some(t) = n.get("target") {
        (n.get("source")?.as_str()?, t.as_str()?)
    } else {
        let mut parts = n.as_str()?.splitn(3, ':');
        (parts.next()?, parts.next()?)
    };
    if !(host.starts_with('.') || host.starts_with('/')) {
        return None;
    }
    Some(Mount {
        host: clean_rel(host),
        container: container.to_string(),
    })
}

/// `./prometheus/rules/` → `prometheus/rules`.
fn clean_rel(p: &str) -> String {
    let p = p.trim_end_matches('/');
    let mut p = p;
    while let Some(rest) = p.strip_prefix("./") {
        p = rest;
    }
    if p == "." {
        String::new()
    } else {
        p.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_challenge_services_and_mounts() {
        let c = Compose::challenge_default();
        let names: Vec<&str> = c.services.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "app",
                "prometheus",
                "alertmanager",
                "grafana",
                "node-exporter"
            ]
        );
        let prom = c.by_role(Role::Prometheus).expect("prometheus");
        assert_eq!(prom.ports, [9090]);
        assert_eq!(
            prom.host_path("/etc/prometheus/rules/alerts.yml")
                .as_deref(),
            Some("prometheus/rules/alerts.yml")
        );
        assert_eq!(
            prom.container_path("prometheus/prometheus.yml").as_deref(),
            Some("/etc/prometheus/prometheus.yml")
        );
        assert_eq!(prom.host_path("/etc/other"), None);
        assert_eq!(
            c.by_role(Role::App).map(Service::address).as_deref(),
            Some("app:5000")
        );
        assert_eq!(
            c.by_host("node-exporter").map(|s| s.role),
            Some(Role::NodeExporter)
        );
    }

    #[test]
    fn port_and_volume_spellings() {
        let c = Compose::parse(
            "services:
  web:
    build: .
    container_name: web1
    ports: [8080, '127.0.0.1:81:80/tcp', {target: 9000, published: 9}]
    environment: [A=1, B, 'C=x=y']
    expose: ['7000-7001']
    volumes: [data:/data, {type: bind, source: ./conf, target: /etc/conf}]
  graf: {image: 'docker.io/grafana/grafana-oss:latest'}
",
        )
        .expect("parses");
        let web = &c.services[0];
        assert_eq!(web.ports, [8080, 80, 9000, 7000]);
        assert!(web.answers_to("web1"));
        assert_eq!(
            web.mounts,
            [Mount {
                host: "conf".into(),
                container: "/etc/conf".into()
            }]
        );
        assert_eq!(web.build.as_deref(), Some(""));
        assert_eq!(web.env_var("C"), Some("x=y"));
        assert_eq!(web.env_var("B"), None);
        assert_eq!(c.services[1].role, Role::Grafana);
        assert_eq!(c.services[1].ports, [3000]);
        assert!(Compose::parse("services: 3").is_err());
        assert!(Compose::parse("").is_err());
        assert!(Compose::parse("[").is_err());
    }
}
