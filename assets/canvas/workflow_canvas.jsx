/*
 * The builder's canvas: React Flow with the workflow's own node (icon, name, one-line
 * summary, red when it has errors, counters, one handle per exit port with a "+" on the
 * open ones), the assistive tools (zoom in/out, center, undo, redo, copy, paste), a
 * minimap and the keyboard shortcuts. The node where a test contact is (data.testing)
 * has a pulsing blue ring and a "Test contact here" badge.
 *
 * With `preview` (the template gallery) the canvas only shows: nodes are neither
 * draggable nor selectable, there is no "+", no minimap, no keyboard shortcut, and only
 * the zoom tools; it fits the flow whenever another one is shown (docId).
 *
 * The Python side (wfstudio/ui/components/canvas.py) owns the workflow: it passes nodes
 * and edges as props and gets every change back through the on* callbacks. The nodes are
 * also kept here, so a drag is smooth: while a node moves its descendants follow it, and
 * only the final positions are sent (onNodesMove).
 */
import { createContext, Fragment, memo, useContext, useEffect, useMemo, useRef } from "react";
import {
  Background,
  Handle,
  MiniMap,
  Panel,
  Position,
  ReactFlow,
  ReactFlowProvider,
  useConnection,
  useEdgesState,
  useNodesInitialized,
  useNodesState,
  useReactFlow,
} from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import "./workflow_canvas.css";

const CanvasContext = createContext({ icons: {}, readOnly: true, call: () => {} });
const NODE_WIDTH = 248;
const NODE_HEIGHT = 96;
const MIN_READABLE_ZOOM = 0.45;
const READABLE_ZOOM = 0.7;
// Fitting keeps the flow clear of the tools (top left) and of the minimap (bottom left),
// so no node and no "+" sits under them.
const MINIMAP = { width: 168, height: 112 };
const FIT = { maxZoom: 1, padding: { top: "80px", bottom: `${MINIMAP.height + 64}px`, x: "48px" } };
const FIT_PREVIEW = { maxZoom: 1, padding: { top: "72px", bottom: "32px", x: "32px" } };

function Icon({ name, size = 16 }) {
  const { icons } = useContext(CanvasContext);
  const Found = icons[name] || icons["circle-help"];
  return Found ? <Found size={size} aria-hidden="true" /> : null;
}

function EmptyTrigger() {
  const { call, readOnly } = useContext(CanvasContext);
  return (
    <div className="wf-node wf-empty" data-testid="canvas-node" data-node-id="trigger">
      <div className="wf-caption">Trigger</div>
      <div className="wf-summary">What starts this workflow?</div>
      <button
        type="button"
        className="wf-choose nodrag"
        disabled={readOnly}
        data-testid="choose-trigger"
        onClick={(event) => {
          event.stopPropagation();
          call("onTriggerChoose");
        }}
      >
        <Icon name="plus" size={14} /> Choose a trigger
      </button>
      <Handle type="source" id="next" position={Position.Bottom} isConnectable={false} />
    </div>
  );
}

function NodeCounters({ counters }) {
  const [entered, waiting, exited] = counters;
  const cells = [
    ["entered", entered, "Contacts who entered this step"],
    ["waiting", waiting, "Contacts waiting in this step now"],
    ["exited", exited, "Contacts who left this step"],
  ];
  return (
    <div className="wf-counters" data-testid="node-counters">
      {cells.map(([label, count, explanation]) => (
        <span key={label} title={explanation} data-testid={`counter-${label}`}>
          <strong>{count}</strong> {label}
        </span>
      ))}
    </div>
  );
}

function StepNode({ id, data, selected }) {
  const { call, readOnly } = useContext(CanvasContext);
  const connection = useConnection();
  if (data.empty) return <EmptyTrigger />;
  // While a connection is dragged, the whole node is a drop target (not only its top dot).
  const dropTarget = connection.inProgress && connection.fromNode?.id !== id;
  const ports = data.ports || [];
  const classes = ["wf-node"];
  if (selected) classes.push("wf-selected");
  if (data.error) classes.push("wf-error");
  if (data.trigger) classes.push("wf-trigger");
  if (data.testing) classes.push("wf-testing");
  return (
    <div
      className={classes.join(" ")}
      data-testid="canvas-node"
      data-node-id={id}
      data-error={data.error ? "true" : "false"}
      data-testing={data.testing ? "true" : "false"}
      title={data.errors || undefined}
    >
      {data.testing ? (
        <div className="wf-testing-badge" data-testid="test-position">
          Test contact here
        </div>
      ) : null}
      {!data.trigger && (
        <Handle
          type="target"
          id="in"
          position={Position.Top}
          isConnectable={!readOnly}
          className={dropTarget ? "wf-in wf-in-drop" : "wf-in"}
        />
      )}
      <div className="wf-head">
        <span className="wf-icon">
          <Icon name={data.icon} />
        </span>
        <div className="wf-titles">
          <div className="wf-caption">{data.caption}</div>
          <div className="wf-name" data-testid="node-name">
            {data.name}
          </div>
        </div>
        {data.error && (
          <span className="wf-badge" role="img" aria-label="Has configuration errors">
            <Icon name="triangle-alert" size={14} />
          </span>
        )}
        {!data.trigger && !readOnly && (
          <button
            type="button"
            className="wf-delete nodrag"
            aria-label={`Delete step ${data.name}`}
            title="Delete step"
            onClick={(event) => {
              event.stopPropagation();
              call("onStepDelete", id);
            }}
          >
            <Icon name="trash-2" size={14} />
          </button>
        )}
      </div>
      {data.summary ? <div className="wf-summary">{data.summary}</div> : null}
      {data.counters ? <NodeCounters counters={data.counters} /> : null}
      {ports.length > 1 ? (
        <div className="wf-ports">
          {ports.map((port) => (
            <span key={port.name} className="wf-port-label">
              {port.label}
            </span>
          ))}
        </div>
      ) : null}
      {ports.map((port, index) => {
        const left = `${((index + 0.5) / ports.length) * 100}%`;
        return (
          <Fragment key={port.name}>
            <Handle
              type="source"
              id={port.name}
              position={Position.Bottom}
              style={{ left }}
              isConnectable={!readOnly}
            />
            {port.open && !readOnly ? (
              <button
                type="button"
                className="wf-add nodrag nopan"
                style={{ left }}
                aria-label={`Add a step after ${data.name}${port.label ? ` (${port.label})` : ""}`}
                title="Add a step"
                data-testid={`add-step-${id}-${port.name}`}
                onClick={(event) => {
                  event.stopPropagation();
                  call("onPortAdd", id, port.name);
                }}
              >
                <Icon name="plus" size={14} />
              </button>
            ) : null}
          </Fragment>
        );
      })}
      {data.jump ? (
        <Handle type="source" id="jump" position={Position.Right} isConnectable={false} />
      ) : null}
    </div>
  );
}

const nodeTypes = { wfstep: memo(StepNode) };
const defaultEdgeOptions = { markerEnd: { type: "arrowclosed", width: 18, height: 18 } };

function ToolButton({ icon, label, keys, onClick, disabled = false }) {
  return (
    <button
      type="button"
      className="wf-tool"
      aria-label={label}
      title={keys ? `${label} (${keys})` : label}
      disabled={disabled}
      onClick={onClick}
    >
      <Icon name={icon} />
    </button>
  );
}

function typingIn(target) {
  if (!target || !(target instanceof Element)) return false;
  return Boolean(
    target.closest("input, textarea, select, [contenteditable=''], [contenteditable='true']"),
  );
}

/** Steps reached from `start` through port edges (not jumps), without the trigger. */
function followersOf(start, edges) {
  const children = new Map();
  for (const edge of edges) {
    if (edge.jump) continue;
    if (!children.has(edge.source)) children.set(edge.source, []);
    children.get(edge.source).push(edge.target);
  }
  const seen = new Set([start]);
  const queue = [start];
  while (queue.length) {
    for (const child of children.get(queue.shift()) || []) {
      if (!seen.has(child) && child !== "trigger") {
        seen.add(child);
        queue.push(child);
      }
    }
  }
  seen.delete(start);
  return seen;
}

function Canvas(props) {
  const {
    docId,
    nodes: given = [],
    edges: givenEdges = [],
    selectedId = "",
    readOnly: editable = false,
    preview = false,
    dirty = false,
    canUndo = false,
    canRedo = false,
    canPaste = false,
    focus,
    icons = {},
  } = props;
  const readOnly = editable || preview;
  const flow = useReactFlow();
  const [nodes, setNodes, onNodesChange] = useNodesState([]);
  const [edges, setEdges, onEdgesChange] = useEdgesState([]);
  const latest = useRef(props);
  latest.current = props;
  const drag = useRef(null);
  const frame = useRef(null);
  const edgesRef = useRef(edges);
  edgesRef.current = edges;
  const fitted = useRef(null);
  const initialized = useNodesInitialized();

  const context = useMemo(
    () => ({
      icons,
      readOnly,
      call: (name, ...args) => latest.current[name]?.(...args),
    }),
    // The icons never change; a new object each render must not re-render every node.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [readOnly],
  );

  useEffect(() => {
    setNodes((previous) => {
      const measured = new Map(previous.map((node) => [node.id, node.measured]));
      return given.map((node) => ({
        ...node,
        selected: node.id === selectedId,
        draggable: !readOnly,
        ...(measured.get(node.id) ? { measured: measured.get(node.id) } : {}),
      }));
    });
  }, [given, selectedId, readOnly, setNodes]);

  useEffect(() => {
    setEdges((previous) => {
      const chosen = new Set(previous.filter((edge) => edge.selected).map((edge) => edge.id));
      return givenEdges.map((edge) => ({
        ...edge,
        selected: chosen.has(edge.id),
        className: edge.jump ? "wf-jump" : undefined,
      }));
    });
  }, [givenEdges, setEdges]);

  // Leaving (reload, closing the tab) with unsaved changes asks first.
  useEffect(() => {
    if (!dirty) return undefined;
    const warn = (event) => {
      event.preventDefault();
      event.returnValue = "";
    };
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [dirty]);

  // Fit the workflow once per opened workflow, when its nodes have their sizes. One too
  // big to read whole opens at its trigger instead, at the top, at a readable zoom.
  useEffect(() => {
    if (!initialized || !nodes.length || fitted.current === docId) return;
    fitted.current = docId;
    flow.fitView(preview ? FIT_PREVIEW : FIT).then(() => {
      const trigger = flow.getInternalNode("trigger");
      const box = frame.current?.getBoundingClientRect();
      if (flow.getZoom() >= MIN_READABLE_ZOOM || !trigger || !box) return;
      const width = trigger.measured?.width || NODE_WIDTH;
      const { x, y } = trigger.internals.positionAbsolute;
      flow.setViewport({
        x: box.width / 2 - (x + width / 2) * READABLE_ZOOM,
        y: 80 - y * READABLE_ZOOM,
        zoom: READABLE_ZOOM,
      });
    });
  }, [initialized, nodes.length, docId, flow, preview]);

  // When the canvas gets narrower or wider (the drawer opens or closes on its right), what
  // was in the middle stays in the middle, rather than sliding under the drawer.
  useEffect(() => {
    const element = frame.current;
    if (!element || typeof ResizeObserver === "undefined") return undefined;
    let width = element.getBoundingClientRect().width;
    const observer = new ResizeObserver(() => {
      const now = element.getBoundingClientRect().width;
      const change = now - width;
      width = now;
      if (!change || fitted.current === null) return;
      const { x, y, zoom } = flow.getViewport();
      flow.setViewport({ x: x + change / 2, y, zoom });
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [flow]);

  // Centre on a node when asked (⚠ list, a new or pasted step), once it is on the canvas.
  useEffect(() => {
    if (!focus || !focus.id) return undefined;
    let tries = 0;
    let timer = null;
    const centre = () => {
      const node = flow.getInternalNode(focus.id);
      if (!node || !node.measured?.width) {
        if (++tries < 40) timer = setTimeout(centre, 50);
        return;
      }
      const { x, y } = node.internals.positionAbsolute;
      flow.setCenter(x + node.measured.width / 2, y + (node.measured.height || NODE_HEIGHT) / 2, {
        zoom: Math.max(flow.getZoom(), 0.9),
        duration: 300,
      });
    };
    timer = setTimeout(centre, 30);
    return () => clearTimeout(timer);
  }, [focus?.id, focus?.n, flow]);

  useEffect(() => {
    if (preview) return undefined;
    const onKey = (event) => {
      if (typingIn(event.target) || document.querySelector("[role=dialog], [role=alertdialog]")) {
        return;
      }
      const p = latest.current;
      const mod = event.ctrlKey || event.metaKey;
      const key = event.key.toLowerCase();
      const editable = !p.readOnly;
      if (mod && key === "z") {
        if (editable) (event.shiftKey ? p.onRedo : p.onUndo)?.();
      } else if (mod && key === "y") {
        if (editable) p.onRedo?.();
      } else if (mod && key === "c") {
        if (window.getSelection()?.toString()) return;
        if (p.selectedId && p.selectedId !== "trigger") p.onStepCopy?.(p.selectedId);
      } else if (mod && key === "v") {
        if (editable && p.canPaste) p.onStepPaste?.();
      } else if (!mod && (event.key === "Delete" || event.key === "Backspace")) {
        if (!editable) return;
        const edge = edgesRef.current.find((candidate) => candidate.selected && !candidate.jump);
        if (edge) p.onPortDisconnect?.(edge.source, edge.sourceHandle);
        else if (p.selectedId && p.selectedId !== "trigger") p.onStepDelete?.(p.selectedId);
      } else if (!mod && event.key === "Enter" && event.target?.classList?.contains("react-flow__node")) {
        // A focused node opens like a clicked one (React Flow's own keys are off: its
        // arrow-key moves would bypass onNodesMove).
        const id = event.target.dataset.id;
        if (p.nodes?.find((n) => n.id === id)?.data?.empty) p.onTriggerChoose?.();
        else p.onNodeSelect?.(id);
      } else if (!mod && (event.key === "+" || event.key === "=")) {
        flow.zoomIn({ duration: 200 });
      } else if (!mod && event.key === "-") {
        flow.zoomOut({ duration: 200 });
      } else {
        return;
      }
      event.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [flow, preview]);

  const onNodeDragStart = (_event, node) => {
    const followers = followersOf(node.id, givenEdges);
    const start = new Map(
      nodes.filter((n) => followers.has(n.id)).map((n) => [n.id, { ...n.position }]),
    );
    drag.current = { id: node.id, origin: { ...node.position }, start };
  };

  const onNodeDrag = (_event, node) => {
    const current = drag.current;
    if (!current || current.id !== node.id || !current.start.size) return;
    const dx = node.position.x - current.origin.x;
    const dy = node.position.y - current.origin.y;
    setNodes((all) =>
      all.map((n) => {
        const from = current.start.get(n.id);
        return from ? { ...n, position: { x: from.x + dx, y: from.y + dy } } : n;
      }),
    );
  };

  const onNodeDragStop = (_event, node) => {
    const current = drag.current;
    drag.current = null;
    if (!current || current.id !== node.id) return;
    const dx = node.position.x - current.origin.x;
    const dy = node.position.y - current.origin.y;
    if (!dx && !dy) return;
    const moved = [{ id: node.id, x: node.position.x, y: node.position.y }];
    for (const [id, from] of current.start) moved.push({ id, x: from.x + dx, y: from.y + dy });
    latest.current.onNodesMove?.(moved);
  };

  return (
    <CanvasContext.Provider value={context}>
      <div ref={frame} className="wf-frame">
        <ReactFlow
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          defaultEdgeOptions={defaultEdgeOptions}
          onNodesChange={onNodesChange}
          onEdgesChange={onEdgesChange}
          onNodeClick={(_event, node) =>
            node.data?.empty
              ? latest.current.onTriggerChoose?.()
              : latest.current.onNodeSelect?.(node.id)
          }
          onPaneClick={() => latest.current.onPaneClick?.()}
          onNodeDragStart={onNodeDragStart}
          onNodeDrag={onNodeDrag}
          onNodeDragStop={onNodeDragStop}
          onConnect={(c) => latest.current.onPortConnect?.(c.source, c.sourceHandle, c.target)}
          isValidConnection={(c) => c.source !== c.target && c.target !== "trigger"}
          nodesDraggable={!readOnly}
          nodesConnectable={!readOnly}
          elementsSelectable={!preview}
          deleteKeyCode={null}
          disableKeyboardA11y
          selectionKeyCode={null}
          multiSelectionKeyCode={null}
          minZoom={0.15}
          maxZoom={2}
          proOptions={{ hideAttribution: true }}
        >
          <Background gap={20} size={1.2} color="var(--gray-a6)" />
          <Panel position="top-left">
            <div className="wf-tools" role="toolbar" aria-label="Canvas tools">
              <ToolButton icon="zoom-in" label="Zoom in" keys="+" onClick={() => flow.zoomIn({ duration: 200 })} />
              <ToolButton icon="zoom-out" label="Zoom out" keys="-" onClick={() => flow.zoomOut({ duration: 200 })} />
              <ToolButton icon="scan" label="Center" onClick={() => flow.fitView({ ...(preview ? FIT_PREVIEW : FIT), duration: 300 })} />
              {preview ? null : <EditTools selectedId={selectedId} readOnly={readOnly} canUndo={canUndo} canRedo={canRedo} canPaste={canPaste} latest={latest} />}
            </div>
          </Panel>
          {preview ? null : (
            <MiniMap
              position="bottom-left"
              pannable
              zoomable
              ariaLabel="Minimap"
              style={MINIMAP}
              maskColor="var(--gray-a3)"
              bgColor="var(--color-panel-solid)"
              nodeColor={(node) => (node.data?.testing ? "var(--blue-9)" : node.data?.error ? "var(--red-9)" : "var(--accent-8)")}
              nodeBorderRadius={6}
            />
          )}
        </ReactFlow>
      </div>
    </CanvasContext.Provider>
  );
}

/** The undo, redo, copy and paste tools (not in a preview). */
function EditTools({ selectedId, readOnly, canUndo, canRedo, canPaste, latest }) {
  return (
    <>
      <span className="wf-tools-gap" />
      <ToolButton icon="undo-2" label="Undo" keys="Ctrl+Z" disabled={readOnly || !canUndo} onClick={() => latest.current.onUndo?.()} />
      <ToolButton icon="redo-2" label="Redo" keys="Ctrl+Shift+Z" disabled={readOnly || !canRedo} onClick={() => latest.current.onRedo?.()} />
      <span className="wf-tools-gap" />
      <ToolButton
        icon="copy"
        label="Copy step"
        keys="Ctrl+C"
        disabled={!selectedId || selectedId === "trigger"}
        onClick={() => latest.current.onStepCopy?.(selectedId)}
      />
      <ToolButton icon="clipboard-paste" label="Paste step" keys="Ctrl+V" disabled={readOnly || !canPaste} onClick={() => latest.current.onStepPaste?.()} />
    </>
  );
}

export function WorkflowCanvas(props) {
  return (
    <div className="wf-canvas" data-testid="canvas">
      <ReactFlowProvider>
        <Canvas {...props} />
      </ReactFlowProvider>
    </div>
  );
}
