/** The cart and poles at one state, drawn on a canvas (drawing only: Math.sin is fine here). */
export interface CartScene {
  /** [x, ẋ, θ1, θ̇1, θ2, θ̇2]. */
  state: ArrayLike<number>;
  force: number;
  maxForce: number;
  trackLimit: number;
  poleHalfLengths: readonly number[];
}

export const CART_CANVAS = { width: 720, height: 230 };
const GROUND = 196;
const CART = { width: 56, height: 18 };
const POLE_COLOURS = ['#37474f', '#ef6c00'];

/** Paints the track, the cart at x, both poles at their angles and the force pushing. */
export function drawCart(canvas: HTMLCanvasElement, scene: CartScene): void {
  const { width, height } = CART_CANVAS;
  if (canvas.width !== width) canvas.width = width;
  if (canvas.height !== height) canvas.height = height;
  const g = canvas.getContext('2d');
  if (!g) return;
  const metre = (width - 2 * 24 - CART.width) / (2 * scene.trackLimit);
  const screenX = (x: number) => width / 2 + x * metre;
  g.fillStyle = '#ffffff';
  g.fillRect(0, 0, width, height);
  // Track, its ends at ±trackLimit.
  g.fillStyle = '#9e9e9e';
  g.fillRect(
    screenX(-scene.trackLimit) - CART.width / 2,
    GROUND,
    2 * scene.trackLimit * metre + CART.width,
    3,
  );
  g.fillStyle = '#c62828';
  for (const end of [-scene.trackLimit, scene.trackLimit])
    g.fillRect(screenX(end) - 1, GROUND - 22, 3, 25);
  const [x = 0, , theta1 = 0, , theta2 = 0] = Array.from(scene.state);
  const cx = screenX(x);
  // The force: an arrow from the cart's side it pushes on.
  const push = (scene.force / scene.maxForce) * 60;
  g.strokeStyle = '#1565c0';
  g.lineWidth = 3;
  g.beginPath();
  g.moveTo(cx, GROUND + 16);
  g.lineTo(cx + push, GROUND + 16);
  g.stroke();
  // Cart and wheels.
  g.fillStyle = '#455a64';
  g.fillRect(cx - CART.width / 2, GROUND - CART.height - 4, CART.width, CART.height);
  g.fillStyle = '#212121';
  for (const side of [-1, 1]) {
    g.beginPath();
    g.arc(cx + side * (CART.width / 2 - 10), GROUND - 3, 4, 0, 2 * Math.PI);
    g.fill();
  }
  // Poles from the pivot on top of the cart; θ from the vertical, positive towards +x.
  const pivotY = GROUND - CART.height - 4;
  [theta1, theta2].forEach((theta, i) => {
    const length = 2 * (scene.poleHalfLengths[i] ?? 0) * metre;
    g.strokeStyle = POLE_COLOURS[i]!;
    g.lineWidth = i === 0 ? 5 : 7;
    g.lineCap = 'round';
    g.beginPath();
    g.moveTo(cx, pivotY);
    g.lineTo(cx + length * Math.sin(theta), pivotY - length * Math.cos(theta));
    g.stroke();
  });
}
